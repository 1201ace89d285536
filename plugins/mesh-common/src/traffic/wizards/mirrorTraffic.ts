import {
  destinationRuleWithSubsets,
  knownVersions,
  percentProblem,
  withDefaultRule,
} from './editResources';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface MirroringInput {
  /** The version (subset) that receives copies; its answers are discarded. */
  version: string;
  /** Percent of requests copied, 0–100. */
  percentage: number;
}

/** Mirroring: the default rule also sends a copy of `percentage` % of its requests to a version. */
export function mirrorTraffic(
  input: MirroringInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  if (!knownVersions(state).has(input.version))
    errors.push({
      field: 'version',
      message: input.version
        ? `no pod of ${state.name} has the label version=${input.version}`
        : 'is required',
    });
  const p = percentProblem(input.percentage);
  if (p) errors.push({ field: 'percentage', message: p });
  if (errors.length > 0) return { ok: false, errors };
  const edit = withDefaultRule(state, 'version');
  if (!edit.ok) return edit;
  const rule = edit.vs.spec!.http![edit.index];
  // One mirror per rule: the legacy fields and the list would both apply otherwise.
  delete rule.mirrors;
  delete rule.mirrorPercent;
  rule.mirror = { host: state.host, subset: input.version };
  rule.mirrorPercentage = { value: input.percentage };
  const dr = destinationRuleWithSubsets(state, [input.version]);
  return {
    ok: true,
    resources: [
      ...(dr ? [{ action: 'apply' as const, manifest: dr }] : []),
      { action: 'apply', manifest: edit.vs },
    ],
    notes: [
      `default rule of ${edit.vs.metadata.name}: copies ${input.percentage} % of requests to ${input.version}`,
    ],
  };
}
