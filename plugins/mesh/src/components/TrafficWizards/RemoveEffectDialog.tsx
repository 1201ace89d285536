import Typography from '@material-ui/core/Typography';
import { ServiceState, WizardResult } from '@meshport/plugin-mesh-common';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

export interface RemoveEffectDialogProps extends WizardDialogBaseProps {
  title: string;
  /** What removing does, in words. */
  explanation: string;
  build(state: ServiceState): WizardResult;
}

/** Undoes a wizard's effect (a `remove…` generator), previewed and reviewed like any change. */
export function RemoveEffectDialog(props: RemoveEffectDialogProps) {
  const { explanation, ...rest } = props;
  return (
    <WizardDialog {...rest} fields={() => []}>
      {() => <Typography variant="body2">{explanation}</Typography>}
    </WizardDialog>
  );
}
