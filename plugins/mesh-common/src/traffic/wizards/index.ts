export * from './types';
export { readServiceState } from './readServiceState';
export { isDefaultRule } from './editResources';
export type { MatchCondition, MatchField, MatchKind } from './matchConditions';
export { shiftTraffic, removeTrafficShift } from './shiftTraffic';
export type { TrafficShiftInput } from './shiftTraffic';
export { routeRequests } from './routeRequests';
export type { RequestRoutingInput } from './routeRequests';
export { injectFault, removeFault, FAULT_RULE_NAME } from './injectFault';
export type { FaultInjectionInput } from './injectFault';
export {
  setTimeoutsAndRetries,
  retryOnProblem,
  RETRY_ON_CONDITIONS,
} from './setTimeoutsAndRetries';
export type { TimeoutsRetriesInput } from './setTimeoutsAndRetries';
export { setCircuitBreaking, setLoadBalancing } from './setDestinationPolicy';
export type {
  CircuitBreakingInput,
  LoadBalancingInput,
} from './setDestinationPolicy';
export { mirrorTraffic } from './mirrorTraffic';
export type { MirroringInput } from './mirrorTraffic';
export {
  setLocalRateLimit,
  removeLocalRateLimit,
  localRateLimitName,
} from './localRateLimit';
export type { LocalRateLimitInput } from './localRateLimit';
export {
  attachedToService,
  isDefaultHttpRouteRule,
  shiftHttpRouteWeights,
} from './shiftHttpRouteWeights';
export type { HttpRouteShiftInput } from './shiftHttpRouteWeights';
export {
  removeTimeoutsAndRetries,
  removeCircuitBreaking,
  removeLoadBalancing,
  removeMirroring,
} from './removeEffects';
