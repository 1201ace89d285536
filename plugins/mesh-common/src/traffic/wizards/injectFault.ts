import { HTTPFaultInjection } from '../../istio/model/networking';
import { parseDuration } from '../../istio/validation/duration';
import {
  editableVirtualService,
  percentProblem,
  withDefaultRule,
} from './editResources';
import {
  buildMatch,
  describeConditions,
  MatchCondition,
} from './matchConditions';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface FaultInjectionInput {
  /** Delay `percentage` % of requests by `fixedDelay` (e.g. `5s`). */
  delay?: { fixedDelay: string; percentage: number };
  /** Answer `percentage` % of requests with `httpStatus`. */
  abort?: { httpStatus: number; percentage: number };
  /** Only requests that meet every condition; every request when empty. */
  matches?: MatchCondition[];
}

/** The name of the rule the wizard adds for a conditional fault, so `removeFault` can find it. */
export const FAULT_RULE_NAME = 'meshport-fault';

/**
 * Fault injection: a delay and/or an abort, on the default rule (every request) or, with
 * conditions, on a rule of its own before the default rule that routes like the default rule.
 */
export function injectFault(
  input: FaultInjectionInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  if (!input.delay && !input.abort)
    errors.push({
      field: 'delay',
      message: 'choose a delay, an abort or both',
    });
  const fault: HTTPFaultInjection = {};
  if (input.delay) {
    const ms = parseDuration(input.delay.fixedDelay);
    if (ms === undefined || ms <= 0)
      errors.push({
        field: 'delay.fixedDelay',
        message: 'a duration such as 5s or 500ms',
      });
    const p = percentProblem(input.delay.percentage);
    if (p) errors.push({ field: 'delay.percentage', message: p });
    fault.delay = {
      fixedDelay: input.delay.fixedDelay,
      percentage: { value: input.delay.percentage },
    };
  }
  if (input.abort) {
    const s = input.abort.httpStatus;
    if (!Number.isInteger(s) || s < 200 || s > 599)
      errors.push({
        field: 'abort.httpStatus',
        message: 'an HTTP status from 200 to 599',
      });
    const p = percentProblem(input.abort.percentage);
    if (p) errors.push({ field: 'abort.percentage', message: p });
    fault.abort = {
      httpStatus: s,
      percentage: { value: input.abort.percentage },
    };
  }
  const conditions = input.matches ?? [];
  const { match, errors: matchErrors } = buildMatch(conditions, 'matches');
  errors.push(...matchErrors);
  if (errors.length > 0) return { ok: false, errors };

  const edit = withDefaultRule(state, 'delay');
  if (!edit.ok) return edit;
  const http = edit.vs.spec!.http!;
  const what = [
    fault.delay &&
      `delay ${fault.delay.fixedDelay} for ${input.delay!.percentage} %`,
    fault.abort &&
      `abort ${fault.abort.httpStatus} for ${input.abort!.percentage} %`,
  ]
    .filter(Boolean)
    .join(', ');
  if (conditions.length === 0) {
    http[edit.index].fault = fault;
    return {
      ok: true,
      resources: [{ action: 'apply', manifest: edit.vs }],
      notes: [
        `default rule of ${edit.vs.metadata.name}: ${what} of every request that reaches it`,
      ],
    };
  }
  // A fresh rule replaces an earlier wizard fault rule rather than stacking a second one.
  const previous = http.findIndex(r => r.name === FAULT_RULE_NAME);
  const defaultRule = http[edit.index];
  const rule = {
    name: FAULT_RULE_NAME,
    match: [match],
    route: defaultRule.route,
    fault,
    ...(defaultRule.timeout ? { timeout: defaultRule.timeout } : {}),
    ...(defaultRule.retries ? { retries: defaultRule.retries } : {}),
  };
  if (previous >= 0) http[previous] = rule;
  else http.splice(edit.index, 0, rule);
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edit.vs }],
    notes: [
      `rule ${FAULT_RULE_NAME}: ${what} when ${describeConditions(conditions)}; other requests unaffected`,
    ],
  };
}

/** Removes every fault of the service's VirtualService, and the rule the wizard added for one. */
export function removeFault(state: ServiceState): WizardResult {
  const vs = state.virtualService;
  const http = vs?.spec?.http ?? [];
  if (!vs || !http.some(r => r.fault))
    return {
      ok: false,
      errors: [
        {
          field: 'delay',
          message: `no rule of ${state.name}'s VirtualService injects a fault`,
        },
      ],
    };
  const edited = editableVirtualService(state);
  edited.spec!.http = edited
    .spec!.http!.filter(r => r.name !== FAULT_RULE_NAME)
    .map(r => {
      const { fault: _fault, ...rest } = r;
      return rest;
    });
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edited }],
    notes: [`no fault in ${edited.metadata.name}`],
  };
}
