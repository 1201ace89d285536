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
export * from './api/changeSchemas';
export * from './api/trafficTypes';
export * from './api/securityTypes';
export * from './api/canaryTypes';
export * from './overview/entitySelector';
export * from './istio/index/hostNames';
export * from './overview/sidecar';
export * from './overview/istioReferences';
export * from './overview/buildClusterOverview';
export * from './permissions';
export * from './istio/model';
export * from './istio/index/MeshIndex';
export * from './istio/index/exportTo';
export * from './istio/index/indexKey';
export * from './istio/index/watchedKinds';
export * from './istio/injection/injectorSetup';
export * from './istio/injection/decideInjection';
export * from './istio/validation';
export * from './istio/analyzers';
export * from './istio/routing/types';
export * from './istio/routing/traceRequest';
export * from './istio/routing/resolveSource';
export * from './istio/routing/resolveWorkload';
export * from './istio/routing/stringMatch';
export * from './istio/routing/ipInCidr';
export * from './istio/security/types';
export * from './istio/security/effectiveMtls';
export * from './istio/security/connectionTls';
export * from './istio/security/authorizeRequest';
export * from './istio/security/accessMatrix';
export * from './istio/security/principal';
export * from './istio/security/selectPolicies';
export * from './istio/routing/sidecarScope';
export * from './istio/routing/effectivePolicy';
export * from './istio/security/validateJwt';
export * from './traffic/wizards';
export * from './security/wizards';
export * from './traffic';
export * from './metrics';
export * from './topology';
export * from './security';
export * from './canary';
