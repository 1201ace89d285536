import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { CanaryManagePermission } from '../../hooks/useCanaryManagePermission';
import { CanaryAction, CanaryActionDialog } from './CanaryActionDialog';

function ActionButton(props: {
  label: string;
  blocked?: string;
  primary?: boolean;
  onClick: () => void;
}) {
  return (
    <Tooltip title={props.blocked ?? ''}>
      {/* MUI shows no tooltip on a disabled button, hence the span. */}
      <span>
        <Button
          size="small"
          variant={props.primary ? 'contained' : 'outlined'}
          color="primary"
          disabled={!!props.blocked}
          onClick={props.onClick}
        >
          {props.label}
        </Button>
      </span>
    </Tooltip>
  );
}

/**
 * Promote and Abort for a running or paused canary, Resume for a paused one, each behind a
 * confirmation; disabled with the reason when the user lacks `mesh.canary.manage`.
 */
export function CanaryActions(props: {
  canary: CanaryRecord;
  permission: CanaryManagePermission;
  onChanged: (canary: CanaryRecord) => void;
}) {
  const { canary, permission } = props;
  const [action, setAction] = useState<CanaryAction>();
  const blocked = permission.reason;
  return (
    <Box display="flex" gridGap={8} flexWrap="wrap">
      {canary.state === 'paused' && (
        <ActionButton
          label="Resume"
          primary
          blocked={blocked}
          onClick={() => setAction('resume')}
        />
      )}
      <ActionButton
        label="Promote"
        blocked={blocked}
        onClick={() => setAction('promote')}
      />
      <ActionButton
        label="Abort"
        blocked={blocked}
        onClick={() => setAction('abort')}
      />
      {action && (
        <CanaryActionDialog
          action={action}
          canary={canary}
          onClose={() => setAction(undefined)}
          onDone={updated => {
            setAction(undefined);
            props.onChanged(updated);
          }}
        />
      )}
    </Box>
  );
}
