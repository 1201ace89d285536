import { ComponentType, useState } from 'react';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Tooltip from '@material-ui/core/Tooltip';
import { ClusterSecurity } from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { CallersDialog } from './CallersDialog';
import { LeastPrivilegeDialog } from './LeastPrivilegeDialog';
import { MtlsModeDialog } from './MtlsModeDialog';
import { RequireJwtDialog } from './RequireJwtDialog';
import { SecurityWizardBaseProps } from './SecurityWizardDialog';

export interface SecurityWizardMenuProps {
  entityRef: MeshEntityRef;
  security: ClusterSecurity;
  /** The entity's pods by label equality: the policies' selector. */
  selector: Record<string, string>;
  /** Default "Change security". */
  label?: string;
  disabled?: boolean;
  disabledReason?: string;
  onApplied(): void;
}

const AllowOnlyDialog = (p: SecurityWizardBaseProps) => (
  <CallersDialog {...p} variant="allow-only" title="Allow only these callers" />
);
const AllowDialog = (p: SecurityWizardBaseProps) => (
  <CallersDialog {...p} variant="allow" title="Allow callers" />
);
const DenyDialog = (p: SecurityWizardBaseProps) => (
  <CallersDialog {...p} variant="deny" title="Deny callers" />
);

const WIZARDS: Array<{
  label: string;
  dialog: ComponentType<SecurityWizardBaseProps>;
}> = [
  { label: 'mTLS mode', dialog: MtlsModeDialog },
  { label: 'Allow only these callers', dialog: AllowOnlyDialog },
  { label: 'Allow callers', dialog: AllowDialog },
  { label: 'Deny callers', dialog: DenyDialog },
  { label: 'Require a JWT', dialog: RequireJwtDialog },
  {
    label: 'Least privilege from observed traffic',
    dialog: LeastPrivilegeDialog,
  },
];

/** The Security tab's entry to the wizards: one item per wizard (and per namespace when the entity spans several). */
export function SecurityWizardMenu(
  props: SecurityWizardMenuProps,
): JSX.Element {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<{ wizard: number; namespace: string }>();
  const namespaces = [
    ...new Set(props.security.workloads.map(w => w.namespace)),
  ].sort();
  let reason: string | undefined;
  if (props.disabled)
    reason = props.disabledReason ?? 'Changes are not possible now.';
  else if (namespaces.length === 0)
    reason = 'The entity has no workload in this cluster.';
  const Dialog = open ? WIZARDS[open.wizard].dialog : undefined;
  const label = props.label ?? 'Change security';
  return (
    <>
      <Tooltip title={reason ?? ''}>
        {/* A disabled button fires no events; the span keeps the tooltip working. */}
        <span
          data-testid={reason ? 'security-wizard-disabled' : undefined}
          aria-label={reason}
        >
          <Button
            variant="outlined"
            color="primary"
            aria-haspopup="menu"
            disabled={!!reason}
            onClick={e => setAnchor(e.currentTarget)}
          >
            {label}
          </Button>
        </span>
      </Tooltip>
      <Menu
        anchorEl={anchor}
        keepMounted={false}
        open={!!anchor}
        onClose={() => setAnchor(null)}
      >
        {WIZARDS.flatMap((w, wizard) =>
          namespaces.map(namespace => (
            <MenuItem
              key={`${wizard}:${namespace}`}
              onClick={() => {
                setAnchor(null);
                setOpen({ wizard, namespace });
              }}
            >
              {namespaces.length > 1 ? `${w.label} — ${namespace}` : w.label}
            </MenuItem>
          )),
        )}
      </Menu>
      {open && Dialog && (
        <Dialog
          open
          entityRef={props.entityRef}
          security={props.security}
          namespace={open.namespace}
          selector={props.selector}
          onClose={() => setOpen(undefined)}
          onApplied={props.onApplied}
        />
      )}
    </>
  );
}
