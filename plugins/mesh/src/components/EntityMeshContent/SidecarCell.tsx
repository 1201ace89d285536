import { StatusOK, StatusWarning } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import { SidecarStatus } from '@meshport/plugin-mesh-common';

/**
 * One pod's sidecar: present or not, why (the injector's deciding input), and, when the pod
 * disagrees with the injection policy, what to do about it.
 */
export function SidecarCell(props: { sidecar: SidecarStatus }) {
  const { sidecar } = props;
  const mismatch = sidecar.injected !== sidecar.expected;
  return (
    <Box display="flex" flexDirection="column">
      <Box display="flex" alignItems="center">
        {sidecar.injected ? (
          <CheckCircleIcon
            fontSize="small"
            htmlColor="#2e7d32"
            titleAccess="sidecar injected"
          />
        ) : (
          <CancelIcon
            fontSize="small"
            color="disabled"
            titleAccess="no sidecar"
          />
        )}
        <Typography variant="body2" component="span" style={{ marginLeft: 4 }}>
          {sidecar.reason}
          {sidecar.revision ? ` (revision ${sidecar.revision})` : ''}
        </Typography>
      </Box>
      {mismatch ? (
        <Typography variant="body2" component="div">
          <StatusWarning>
            {sidecar.repair ??
              (sidecar.expected
                ? 'Restart the workload so the injector adds the sidecar.'
                : 'Restart the workload so the pod starts without the sidecar.')}
          </StatusWarning>
        </Typography>
      ) : (
        sidecar.injected && (
          <Typography variant="caption" color="textSecondary">
            <StatusOK>as the injection policy says</StatusOK>
          </Typography>
        )
      )}
    </Box>
  );
}
