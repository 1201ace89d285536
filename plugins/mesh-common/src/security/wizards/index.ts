export type { SecurityState, SecurityTarget } from './types';
export {
  readSecurityState,
  workloadServiceAccounts,
} from './readSecurityState';
export { SECURITY_V1 } from './securityResources';
export { setMtlsMode, mtlsWarnings, identityPolicies } from './setMtlsMode';
export type {
  MtlsModeInput,
  MtlsWizardMode,
  MtlsCallerFacts,
  MtlsWarning,
} from './setMtlsMode';
export { allowCallers, allowOnly } from './allowCallers';
export type {
  AllowCallersInput,
  AllowOnlyInput,
  CallerSet,
} from './allowCallers';
export { requireJwt } from './requireJwt';
export type { RequireJwtInput } from './requireJwt';
export {
  leastPrivilegeFromObserved,
  wouldBeDenied,
  wouldBeAllowed,
} from './leastPrivilege';
export type {
  LeastPrivilegeInput,
  ObservedCall,
  AccessDecisionRow,
  AccessChange,
} from './leastPrivilege';
