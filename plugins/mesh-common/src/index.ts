/**
 * Meshport's shared core: Kubernetes/Istio object model, API contract, permissions and the
 * pure functions that decide (injection, references, overview). No I/O here.
 *
 * @packageDocumentation
 */
export * from './kube/types';
export * from './kube/labelSelector';
export * from './api/types';
export * from './api/clusterSchemas';
export * from './overview/entitySelector';
export * from './overview/hosts';
export * from './overview/sidecar';
export * from './overview/istioReferences';
export * from './overview/buildClusterOverview';
export * from './permissions';
