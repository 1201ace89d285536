export { EditResourceDialog } from './EditResourceDialog';
export type {
  EditResourceDialogProps,
  EditedResource,
} from './EditResourceDialog';
export { YamlEditor } from './YamlEditor';
export type { YamlEditorProps } from './YamlEditor';
