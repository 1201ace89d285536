/**
 * Meshport's frontend: the Mesh, Traffic, Security and Topology entity tabs and the mesh admin page. This entry point serves apps on
 * the legacy frontend system; `@meshport/plugin-mesh/alpha` serves the new one.
 *
 * @packageDocumentation
 */
export {
  meshPlugin,
  EntityMeshContent,
  EntityTrafficContent,
  EntitySecurityContent,
  EntityMeshTopologyContent,
  MeshAdminPage,
} from './plugin';
export { isMeshAvailable } from './isMeshAvailable';
export { meshApiRef } from './api/MeshApi';
export type {
  MeshApi,
  MeshEntityRef,
  ConnectionTestResult,
  LiveResourceQuery,
  MeshEntityTarget,
  EntityTopologyQuery,
  MeshTopologyQuery,
  EntityMetricsQuery,
  EntitySecurityQuery,
} from './api/MeshApi';
export { MeshClient } from './api/MeshClient';
export {
  rootRouteRef as meshRootRouteRef,
  adminRouteRef as meshAdminRouteRef,
  trafficRouteRef as meshTrafficRouteRef,
  securityRouteRef as meshSecurityRouteRef,
  topologyRouteRef as meshTopologyRouteRef,
} from './routes';
export type { EntityMeshContentProps } from './components/EntityMeshContent';
export type { EntityTrafficContentProps } from './components/EntityTrafficContent';
export type { EntitySecurityContentProps } from './components/EntitySecurityContent';
export type { EntityTopologyContentProps } from './components/Topology';
export type { MeshAdminPageProps } from './components/MeshAdminPage';
// The write path's building blocks, for other views that change mesh configuration.
export { ChangeReviewDialog } from './components/ChangeReview';
export type { ChangeReviewDialogProps } from './components/ChangeReview';
export { EditResourceDialog } from './components/YamlEditor';
export type {
  EditResourceDialogProps,
  EditedResource,
} from './components/YamlEditor';
export { HistoryPanel } from './components/HistoryPanel';
export type { HistoryPanelProps } from './components/HistoryPanel';
// Scaffolder form fields, for the Canary release template.
export { MeshCanaryTargetPickerFieldExtension } from './scaffolderFieldExtensions';
export {
  MeshCanaryTargetPicker,
  validateMeshCanaryTarget,
} from './components/MeshCanaryTargetPicker';
export type {
  MeshCanaryTargetPickerProps,
  MeshCanaryTargetPickerUiOptions,
} from './components/MeshCanaryTargetPicker';
export type { MeshCanaryTarget } from './lib/canaryTargets';
