/**
 * @meshport/mesh-sandbox: simulated Kubernetes clusters with Istio, served over the real
 * Kubernetes API on 127.0.0.1, for development, demos, tests and benchmarks.
 *
 * @packageDocumentation
 */

export { startSandbox, DEFAULT_ISTIO_VERSION } from './sandbox/startSandbox';
export type {
  Sandbox,
  SandboxCluster,
  SandboxClusterSpec,
  SandboxOptions,
  SandboxScenario,
  EndpointsFile,
} from './sandbox/types';
export { decideInjection } from './istio/injectionDecision';
export type {
  InjectionDecision,
  InjectionInput,
  InjectorSetup,
} from './istio/injectionDecision';
export { bookinfoCallGraph } from './traffic/bookinfoCallGraph';
export type { TrafficOptions } from './traffic/TrafficSimulator';
export type {
  Behaviour,
  CallEdge,
  CallGraph,
  CallProtocol,
  EntryPoint,
} from './traffic/types';
export { generateMesh, SCALE_PRESETS } from './scale/generateMesh';
export type { GeneratedMesh, MeshShape, ScaleName } from './scale/generateMesh';
export {
  startPrometheus,
  findPrometheus,
  prometheusConfig,
} from './prometheus/startPrometheus';
export type {
  RunningPrometheus,
  PrometheusOptions,
} from './prometheus/startPrometheus';
