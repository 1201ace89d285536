import { ComponentType, useState } from 'react';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Tooltip from '@material-ui/core/Tooltip';
import {
  ClusterTraffic,
  removeCircuitBreaking,
  removeFault,
  removeLoadBalancing,
  removeLocalRateLimit,
  removeMirroring,
  removeTimeoutsAndRetries,
  removeTrafficShift,
} from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { CircuitBreakingDialog } from './CircuitBreakingDialog';
import { FaultInjectionDialog } from './FaultInjectionDialog';
import { LoadBalancingDialog } from './LoadBalancingDialog';
import { LocalRateLimitDialog } from './LocalRateLimitDialog';
import { MirroringDialog } from './MirroringDialog';
import { RemoveEffectDialog } from './RemoveEffectDialog';
import { RequestRoutingDialog } from './RequestRoutingDialog';
import { TimeoutsRetriesDialog } from './TimeoutsRetriesDialog';
import { TrafficShiftingDialog } from './TrafficShiftingDialog';
import { TrafficService } from './serviceStateFromTraffic';
import { WizardDialogBaseProps } from './WizardDialog';

export interface TrafficWizardMenuProps {
  entityRef: MeshEntityRef;
  cluster: string;
  traffic: ClusterTraffic;
  disabled?: boolean;
  disabledReason?: string;
  onApplied(): void;
}

const RemoveShiftDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove traffic shifting"
    explanation="The default rule routes to every version of the service again, as Kubernetes balances them. Other rules and the DestinationRule's subsets stay."
    build={removeTrafficShift}
  />
);

const RemoveFaultDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove fault injection"
    explanation="Removes every delay and abort from the service's VirtualService, and the rule the fault wizard added for a conditional fault."
    build={removeFault}
  />
);

const RemoveRateLimitDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove local rate limit"
    explanation="Deletes the EnvoyFilter the rate limit wizard added for the service's pods: they accept every request again."
    build={removeLocalRateLimit}
  />
);

const RemoveTimeoutsRetriesDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove timeouts and retries"
    explanation="Removes the timeout and retry policy from every rule of the service's VirtualService: Istio's defaults (no timeout, 2 retries) apply again. Routing stays."
    build={removeTimeoutsAndRetries}
  />
);

const RemoveCircuitBreakingDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove circuit breaking"
    explanation="Removes the connection pool limits and outlier detection from the service's DestinationRule, for the whole host, its ports and its subsets. Subsets and other settings stay."
    build={removeCircuitBreaking}
  />
);

const RemoveLoadBalancingDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove load balancing"
    explanation="Removes the load balancer and session persistence from the service's DestinationRule, for the whole host, its ports and its subsets: Envoy's default balancing applies again. Subsets and other settings stay."
    build={removeLoadBalancing}
  />
);

const RemoveMirroringDialog = (p: WizardDialogBaseProps) => (
  <RemoveEffectDialog
    {...p}
    title="Remove mirroring"
    explanation="Removes every mirror from the rules of the service's VirtualService: no request is copied any more. Routing stays."
    build={removeMirroring}
  />
);

const WIZARDS: Array<{
  label: string;
  dialog: ComponentType<WizardDialogBaseProps>;
  divider?: boolean;
}> = [
  { label: 'Traffic shifting', dialog: TrafficShiftingDialog },
  { label: 'Request routing', dialog: RequestRoutingDialog },
  { label: 'Fault injection', dialog: FaultInjectionDialog },
  { label: 'Timeouts and retries', dialog: TimeoutsRetriesDialog },
  { label: 'Circuit breaking', dialog: CircuitBreakingDialog },
  { label: 'Load balancing', dialog: LoadBalancingDialog },
  { label: 'Mirroring', dialog: MirroringDialog },
  { label: 'Local rate limit', dialog: LocalRateLimitDialog },
  {
    label: 'Remove traffic shifting',
    dialog: RemoveShiftDialog,
    divider: true,
  },
  { label: 'Remove fault injection', dialog: RemoveFaultDialog },
  { label: 'Remove local rate limit', dialog: RemoveRateLimitDialog },
  { label: 'Remove timeouts and retries', dialog: RemoveTimeoutsRetriesDialog },
  { label: 'Remove circuit breaking', dialog: RemoveCircuitBreakingDialog },
  { label: 'Remove load balancing', dialog: RemoveLoadBalancingDialog },
  { label: 'Remove mirroring', dialog: RemoveMirroringDialog },
];

/** The Traffic tab's entry to the wizards: one item per wizard (and per Service when the entity has several). */
export function TrafficWizardMenu(props: TrafficWizardMenuProps): JSX.Element {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<{
    wizard: number;
    service: TrafficService;
  }>();
  const services = props.traffic.services;
  let reason: string | undefined;
  if (props.disabled)
    reason = props.disabledReason ?? 'Changes are not possible now.';
  else if (services.length === 0)
    reason = 'The entity has no Service in this cluster.';
  const Dialog = open ? WIZARDS[open.wizard].dialog : undefined;
  return (
    <>
      <Tooltip title={reason ?? ''}>
        {/* A disabled button fires no events; the span keeps the tooltip working. */}
        <span>
          <Button
            variant="outlined"
            color="primary"
            aria-haspopup="menu"
            disabled={!!reason}
            onClick={e => setAnchor(e.currentTarget)}
          >
            Change traffic
          </Button>
        </span>
      </Tooltip>
      <Menu
        anchorEl={anchor}
        keepMounted={false}
        open={!!anchor}
        onClose={() => setAnchor(null)}
      >
        {WIZARDS.flatMap((w, wizard) => [
          ...(w.divider ? [<Divider key={`d${wizard}`} />] : []),
          ...services.map(service => (
            <MenuItem
              key={`${wizard}:${service.host}`}
              onClick={() => {
                setAnchor(null);
                setOpen({ wizard, service });
              }}
            >
              {services.length > 1 ? `${w.label} — ${service.name}` : w.label}
            </MenuItem>
          )),
        ])}
      </Menu>
      {open && Dialog && (
        <Dialog
          open
          entityRef={props.entityRef}
          cluster={props.cluster}
          traffic={props.traffic}
          service={open.service}
          onClose={() => setOpen(undefined)}
          onApplied={props.onApplied}
        />
      )}
    </>
  );
}
