export { GeneratorDialog } from './GeneratorDialog';
export type {
  ErrorFor,
  GeneratorDialogProps,
  LoadedState,
} from './GeneratorDialog';
