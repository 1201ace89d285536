import {
  DestinationRule,
  HTTPRoute,
  PortTrafficPolicy,
  TrafficPolicy,
} from '../../istio/model/networking';
import { editableVirtualService, toManifest } from './editResources';
import { ServiceState, WizardResult } from './types';

type RuleField = keyof HTTPRoute;
type PolicyField = 'connectionPool' | 'outlierDetection' | 'loadBalancer';

function nothingToRemove(field: string, message: string): WizardResult {
  return { ok: false, errors: [{ field, message }] };
}

/**
 * The live VirtualService with `fields` dropped from every http rule; every other field is kept.
 * Refuses when no rule sets any of them.
 */
function withoutRuleFields(
  state: ServiceState,
  fields: RuleField[],
  field: string,
  what: string,
): WizardResult {
  const http = state.virtualService?.spec?.http ?? [];
  const has = (r: HTTPRoute) => fields.some(f => r[f] !== undefined);
  if (!state.virtualService || !http.some(has))
    return nothingToRemove(
      field,
      `no rule of ${state.name}'s VirtualService sets ${what}`,
    );
  const vs = editableVirtualService(state);
  let changed = 0;
  for (const rule of vs.spec!.http!) {
    if (!has(rule)) continue;
    for (const f of fields) delete rule[f];
    changed++;
  }
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: vs }],
    notes: [`no ${what} on ${changed} rule(s) of ${vs.metadata.name}`],
  };
}

/** Drops `fields` from one policy (and its port-level settings); true when it changed. */
function stripPolicy(
  policy: TrafficPolicy | PortTrafficPolicy,
  fields: PolicyField[],
): boolean {
  let changed = false;
  for (const f of fields) {
    if (policy[f] !== undefined) {
      delete policy[f];
      changed = true;
    }
  }
  if ('portLevelSettings' in policy && policy.portLevelSettings) {
    for (const p of policy.portLevelSettings)
      changed = stripPolicy(p, fields) || changed;
    // A port entry with nothing but its port sets nothing: drop it rather than leave it empty.
    policy.portLevelSettings = policy.portLevelSettings.filter(p =>
      Object.keys(p).some(k => k !== 'port'),
    );
    if (policy.portLevelSettings.length === 0) delete policy.portLevelSettings;
  }
  return changed;
}

/**
 * The live DestinationRule with `fields` dropped from its traffic policy, port-level settings and
 * subsets' policies; subsets and every other setting (TLS, …) are kept. Refuses when none is set.
 */
function withoutPolicyFields(
  state: ServiceState,
  fields: PolicyField[],
  field: string,
  what: string,
): WizardResult {
  if (!state.destinationRule)
    return nothingToRemove(field, `no DestinationRule for ${state.name}`);
  const dr: DestinationRule = toManifest(state.destinationRule);
  const spec = dr.spec!;
  let changed = false;
  if (spec.trafficPolicy) {
    changed = stripPolicy(spec.trafficPolicy, fields) || changed;
    if (Object.keys(spec.trafficPolicy).length === 0) delete spec.trafficPolicy;
  }
  for (const subset of spec.subsets ?? []) {
    if (!subset.trafficPolicy) continue;
    changed = stripPolicy(subset.trafficPolicy, fields) || changed;
    if (Object.keys(subset.trafficPolicy).length === 0)
      delete subset.trafficPolicy;
  }
  if (!changed)
    return nothingToRemove(
      field,
      `DestinationRule ${dr.metadata.name} sets no ${what}`,
    );
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: dr }],
    notes: [`no ${what} in DestinationRule ${dr.metadata.name}`],
  };
}

/** Undoes timeouts and retries: no rule sets them, so Istio's defaults (no timeout, 2 retries) apply. */
export function removeTimeoutsAndRetries(state: ServiceState): WizardResult {
  return withoutRuleFields(
    state,
    ['timeout', 'retries'],
    'timeout',
    'timeout or retries',
  );
}

/** Undoes circuit breaking: no connection pool limits or outlier detection, host-wide, per port or per subset. */
export function removeCircuitBreaking(state: ServiceState): WizardResult {
  return withoutPolicyFields(
    state,
    ['connectionPool', 'outlierDetection'],
    'maxConnections',
    'connection pool or outlier detection',
  );
}

/** Undoes load balancing: Envoy's default balancer again, host-wide, per port and per subset. */
export function removeLoadBalancing(state: ServiceState): WizardResult {
  return withoutPolicyFields(state, ['loadBalancer'], 'kind', 'load balancer');
}

/** Undoes mirroring: no rule copies requests anywhere. */
export function removeMirroring(state: ServiceState): WizardResult {
  return withoutRuleFields(
    state,
    ['mirror', 'mirrors', 'mirrorPercentage', 'mirrorPercent'],
    'version',
    'mirroring',
  );
}
