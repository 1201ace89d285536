import { ReactNode } from 'react';
import {
  ClusterSecurity,
  SecurityState,
  WizardResult,
} from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { ErrorFor, GeneratorDialog } from '../GeneratorDialog';
import { useSecurityState } from './useSecurityState';

/** What every security wizard dialog receives from the menu. */
export interface SecurityWizardBaseProps {
  open: boolean;
  entityRef: MeshEntityRef;
  security: ClusterSecurity;
  /** The namespace of the entity's workloads the policy goes in. */
  namespace: string;
  /** The entity's pods by label equality: the policy's selector. */
  selector: Record<string, string>;
  onClose(): void;
  onApplied(): void;
}

export interface SecurityWizardDialogProps extends SecurityWizardBaseProps {
  title: string;
  build(state: SecurityState): WizardResult;
  /** Form fields the form shows errors on; errors on any other field are listed above the form. */
  fields: string[];
  children(state: SecurityState, errorFor: ErrorFor): ReactNode;
}

/** A security wizard: the shared generator frame over the namespace's live policies. */
export function SecurityWizardDialog(props: SecurityWizardDialogProps) {
  const loaded = useSecurityState(
    props.open,
    props.entityRef,
    props.security,
    props.namespace,
  );
  const selectorText = Object.entries(props.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return (
    <GeneratorDialog<SecurityState>
      {...props}
      cluster={props.security.cluster}
      fields={() => props.fields}
      subject={`${selectorText ? `Pods ${selectorText} in` : 'Namespace'} ${props.namespace}, cluster ${props.security.cluster}`}
      stateNoun="policies"
      loaded={loaded}
    />
  );
}
