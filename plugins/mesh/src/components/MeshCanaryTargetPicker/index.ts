export { MeshCanaryTargetPicker } from './MeshCanaryTargetPicker';
export type {
  MeshCanaryTargetPickerProps,
  MeshCanaryTargetPickerUiOptions,
} from './MeshCanaryTargetPicker';
export {
  MESH_CANARY_TARGET_PICKER,
  meshCanaryTargetPickerOptions,
  validateMeshCanaryTarget,
} from './fieldOptions';
