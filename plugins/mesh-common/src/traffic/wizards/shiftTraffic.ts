import {
  destinationRuleWithSubsets,
  knownVersions,
  plainRoute,
  withDefaultRule,
} from './editResources';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface TrafficShiftInput {
  /** Percent of requests per version (subset name); they must sum to 100. */
  weights: Record<string, number>;
}

/**
 * Traffic shifting: the default (catch-all) rule of the service's VirtualService sends each
 * version its weight, through a DestinationRule subset per version (added when missing). Every
 * other rule is kept as written, so header routes and faults keep working.
 */
export function shiftTraffic(
  input: TrafficShiftInput,
  state: ServiceState,
): WizardResult {
  const entries = Object.entries(input.weights);
  const errors: WizardFieldError[] = [];
  const known = knownVersions(state);
  if (entries.length === 0)
    errors.push({
      field: 'weights',
      message: 'give at least one version a weight',
    });
  for (const [version, weight] of entries) {
    const field = `weights.${version}`;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100)
      errors.push({ field, message: 'must be a whole number from 0 to 100' });
    else if (!known.has(version))
      errors.push({
        field,
        message: `no pod of ${state.name} has the label version=${version}`,
      });
  }
  const sum = entries.reduce((s, [, w]) => s + (Number(w) || 0), 0);
  if (entries.length > 0 && sum !== 100 && errors.length === 0) {
    // On the last field: the one the user is most likely to adjust.
    errors.push({
      field: `weights.${entries[entries.length - 1][0]}`,
      message: `the weights add up to ${sum}; they must add up to 100`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };

  const edit = withDefaultRule(state, 'weights');
  if (!edit.ok) return edit;
  const routed = entries.filter(([, w]) => w > 0);
  const rule = edit.vs.spec!.http![edit.index];
  // Keep the port the default route named, if any, so multi-port services keep their port.
  const port = rule.route?.[0]?.destination.port;
  rule.route = routed.map(([subset, weight]) => ({
    destination: { host: state.host, subset, ...(port ? { port } : {}) },
    weight,
  }));
  const versions = routed.map(([v]) => v);
  const dr = destinationRuleWithSubsets(state, versions);
  const notes = [
    `default rule of ${edit.vs.metadata.name}: ${routed.map(([v, w]) => `${v} ${w} %`).join(', ')}`,
  ];
  if (dr) {
    const had = new Set(
      (state.destinationRule?.spec?.subsets ?? []).map(s => s.name),
    );
    const added = versions.filter(v => !had.has(v)).join(', ');
    notes.push(
      state.destinationRule
        ? `adds subsets ${added} to DestinationRule ${dr.metadata.name}`
        : `creates DestinationRule ${dr.metadata.name} with subsets ${added}`,
    );
  }
  return {
    ok: true,
    resources: [
      ...(dr ? [{ action: 'apply' as const, manifest: dr }] : []),
      { action: 'apply', manifest: edit.vs },
    ],
    notes,
  };
}

/**
 * Undoes traffic shifting: the default rule routes to the service itself again, as without a
 * VirtualService. Other rules stay; subsets stay too, since other rules may still use them.
 */
export function removeTrafficShift(state: ServiceState): WizardResult {
  if (!state.virtualService)
    return {
      ok: false,
      errors: [
        { field: 'weights', message: `no VirtualService routes ${state.name}` },
      ],
    };
  const edit = withDefaultRule(state, 'weights');
  if (!edit.ok) return edit;
  const rule = edit.vs.spec!.http![edit.index];
  const port = rule.route?.[0]?.destination.port;
  rule.route = plainRoute(state).route!.map(r => ({
    destination: { ...r.destination, ...(port ? { port } : {}) },
  }));
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edit.vs }],
    notes: [
      `default rule of ${edit.vs.metadata.name}: every version of ${state.name}`,
    ],
  };
}
