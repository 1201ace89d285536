export { TrafficWizardMenu } from './TrafficWizardMenu';
export type { TrafficWizardMenuProps } from './TrafficWizardMenu';
export { TrafficShiftingDialog } from './TrafficShiftingDialog';
export { RequestRoutingDialog } from './RequestRoutingDialog';
export { FaultInjectionDialog } from './FaultInjectionDialog';
export { TimeoutsRetriesDialog } from './TimeoutsRetriesDialog';
export type { WizardDialogBaseProps } from './WizardDialog';
