/**
 * Scaffolder actions for Meshport: mesh:canary:start, mesh:canary:promote, mesh:canary:abort and
 * mesh:traffic:shift, calling the mesh backend as the task's initiator.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMesh as default } from './module';
export { MeshApiClient } from './MeshApiClient';
export type { MeshApiCallOptions, MeshApiClientOptions } from './MeshApiClient';
export {
  createCanaryStartAction,
  CANARY_START_ACTION_ID,
} from './actions/canaryStart';
export type {
  CanaryStartInput,
  CanaryStartChecksInput,
} from './actions/canaryStart';
export {
  createCanaryPromoteAction,
  CANARY_PROMOTE_ACTION_ID,
} from './actions/canaryPromote';
export {
  createCanaryAbortAction,
  CANARY_ABORT_ACTION_ID,
} from './actions/canaryAbort';
export {
  createTrafficShiftAction,
  TRAFFIC_SHIFT_ACTION_ID,
} from './actions/trafficShift';
