export { ChangeReviewDialog } from './ChangeReviewDialog';
export type { ChangeReviewDialogProps } from './ChangeReviewDialog';
export { DiffView } from './DiffView';
