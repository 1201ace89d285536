export { SecurityWizardMenu } from './SecurityWizardMenu';
export type { SecurityWizardMenuProps } from './SecurityWizardMenu';
export type { SecurityWizardBaseProps } from './SecurityWizardDialog';
