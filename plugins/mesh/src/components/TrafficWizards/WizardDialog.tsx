import { ReactNode } from 'react';
import {
  ClusterTraffic,
  ServiceState,
  WizardResult,
} from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { ErrorFor, GeneratorDialog } from '../GeneratorDialog';
import { TrafficService } from './serviceStateFromTraffic';
import { useServiceState } from './useServiceState';

export type { ErrorFor } from '../GeneratorDialog';

/** What every wizard dialog receives from the menu. */
export interface WizardDialogBaseProps {
  open: boolean;
  entityRef: MeshEntityRef;
  cluster: string;
  traffic: ClusterTraffic;
  service: TrafficService;
  onClose(): void;
  onApplied(): void;
}

export interface WizardDialogProps extends WizardDialogBaseProps {
  title: string;
  /** Runs the pure generator on the loaded state. */
  build(state: ServiceState): WizardResult;
  /** Form fields the form shows errors on; errors on any other field are listed above the form. */
  fields(state: ServiceState): string[];
  children(state: ServiceState, errorFor: ErrorFor): ReactNode;
}

/** A traffic wizard: the shared generator frame over the Service's live routing state. */
export function WizardDialog(props: WizardDialogProps) {
  const loaded = useServiceState(
    props.open,
    props.entityRef,
    props.traffic,
    props.service,
  );
  return (
    <GeneratorDialog<ServiceState>
      {...props}
      subject={`${props.service.name}.${props.service.namespace} in cluster ${props.cluster}`}
      stateNoun="rules"
      loaded={loaded}
    />
  );
}
