import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { SubsetView, TrafficResource } from '@meshport/plugin-mesh-common';
import { PolicyLines } from './PolicyLines';

function PodsCell(props: { subset: SubsetView }) {
  const { pods, readyPods } = props.subset;
  const text = `${readyPods}/${pods} ready`;
  if (pods === 0) return <StatusError>no pods</StatusError>;
  if (readyPods < pods) return <StatusWarning>{text}</StatusWarning>;
  return <StatusOK>{text}</StatusOK>;
}

/** A DestinationRule: its host, the policies for the whole host, and each subset with its pods. */
export function DestinationRuleDetails(props: { resource: TrafficResource }) {
  const { resource } = props;
  const subsets = resource.subsets ?? [];
  return (
    <Box>
      {resource.host && (
        <Typography variant="body2" gutterBottom>
          For host <code>{resource.host}</code>
        </Typography>
      )}
      {resource.policies?.length ? (
        <PolicyLines policies={resource.policies} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No traffic policy: Istio's defaults apply.
        </Typography>
      )}
      {subsets.length > 0 && (
        <Table
          size="small"
          aria-label={`subsets of ${resource.namespace}/${resource.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Subset</TableCell>
              <TableCell>Labels</TableCell>
              <TableCell>Pods</TableCell>
              <TableCell>Policies</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {subsets.map(s => (
              <TableRow key={s.name} data-testid={`subset-${s.name}`}>
                <TableCell>{s.name}</TableCell>
                <TableCell>
                  <code>
                    {Object.entries(s.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ') || '(none)'}
                  </code>
                </TableCell>
                <TableCell>
                  <PodsCell subset={s} />
                </TableCell>
                <TableCell>
                  {s.policies.length ? (
                    <PolicyLines policies={s.policies} />
                  ) : (
                    <Typography variant="body2" color="textSecondary">
                      as the host
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
