import { ReactElement } from 'react';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Explains a button the user may not press. The caller disables the button itself; MUI shows no
 * tooltip on a disabled button, hence the span around it.
 */
export function PermissionTooltip(props: {
  allowed: boolean;
  children: ReactElement;
  /** The permission the button needs; register by default. */
  permission?: string;
}) {
  if (props.allowed) return props.children;
  return (
    <Tooltip
      title={`You need the ${props.permission ?? 'mesh.cluster.register'} permission; ask a portal admin.`}
    >
      <span>{props.children}</span>
    </Tooltip>
  );
}
