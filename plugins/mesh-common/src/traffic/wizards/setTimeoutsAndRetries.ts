import { HTTPRetry } from '../../istio/model/networking';
import { parseDuration } from '../../istio/validation/duration';
import { editableVirtualService, withDefaultRule } from './editResources';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface TimeoutsRetriesInput {
  /** Whole-request timeout, e.g. `10s`; unset leaves Istio's (none). */
  timeout?: string;
  /** Retry policy; `attempts: 0` disables retries. Unset leaves Istio's default (2 attempts). */
  retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
}

/**
 * Conditions Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` understand, which Istio's
 * `retryOn` passes through; Istio also accepts bare HTTP status codes there.
 */
export const RETRY_ON_CONDITIONS: readonly string[] = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
];

/** The first problem of a retryOn list, or undefined. */
export function retryOnProblem(retryOn: string): string | undefined {
  const parts = retryOn.split(',').map(p => p.trim());
  for (const p of parts) {
    if (p === '') return 'has an empty condition';
    if (/^\d{3}$/.test(p)) {
      if (Number(p) < 100 || Number(p) > 599)
        return `${p} is not an HTTP status`;
      continue;
    }
    if (!RETRY_ON_CONDITIONS.includes(p))
      return `"${p}" is not a retry condition (${RETRY_ON_CONDITIONS.join(', ')}, or a status code)`;
  }
  return undefined;
}

function durationProblem(value: string): string | undefined {
  const ms = parseDuration(value);
  return ms === undefined || ms <= 0
    ? 'a duration such as 10s or 500ms'
    : undefined;
}

/**
 * Timeouts and retries for every request to the service: set on each routing rule of its
 * VirtualService (a rule without them would fall back to Istio's defaults).
 */
export function setTimeoutsAndRetries(
  input: TimeoutsRetriesInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  if (input.timeout === undefined && !input.retries)
    errors.push({
      field: 'timeout',
      message: 'set a timeout, retries or both',
    });
  if (input.timeout !== undefined) {
    const p = durationProblem(input.timeout);
    if (p) errors.push({ field: 'timeout', message: p });
  }
  let retries: HTTPRetry | undefined;
  if (input.retries) {
    const { attempts, perTryTimeout, retryOn } = input.retries;
    if (!Number.isInteger(attempts) || attempts < 0 || attempts > 100)
      errors.push({
        field: 'retries.attempts',
        message: 'a whole number from 0 to 100',
      });
    retries = { attempts };
    if (perTryTimeout) {
      const p = durationProblem(perTryTimeout);
      if (p) errors.push({ field: 'retries.perTryTimeout', message: p });
      else if (
        input.timeout &&
        parseDuration(perTryTimeout)! >
          (parseDuration(input.timeout) ?? Infinity)
      )
        errors.push({
          field: 'retries.perTryTimeout',
          message: 'is longer than the whole request timeout',
        });
      retries.perTryTimeout = perTryTimeout;
    }
    if (retryOn) {
      const p = retryOnProblem(retryOn);
      if (p) errors.push({ field: 'retries.retryOn', message: p });
      retries.retryOn = retryOn
        .split(',')
        .map(s => s.trim())
        .join(',');
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  // A VirtualService without a default rule still gets one, so unmatched requests get the policy too.
  const edit = state.virtualService
    ? { ok: true as const, vs: editableVirtualService(state) }
    : withDefaultRule(state, 'timeout');
  if (!edit.ok) return edit;
  let changed = 0;
  for (const rule of edit.vs.spec!.http!) {
    if (!rule.route || rule.route.length === 0) continue;
    if (input.timeout !== undefined) rule.timeout = input.timeout;
    if (retries) rule.retries = { ...retries };
    changed++;
  }
  if (changed === 0)
    return {
      ok: false,
      errors: [
        {
          field: 'timeout',
          message: `no rule of ${edit.vs.metadata.name} routes requests`,
        },
      ],
    };
  const what = [
    input.timeout !== undefined && `timeout ${input.timeout}`,
    retries &&
      `${retries.attempts} retries${retries.perTryTimeout ? ` of ${retries.perTryTimeout} each` : ''}${retries.retryOn ? ` on ${retries.retryOn}` : ''}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edit.vs }],
    notes: [`${what} on ${changed} rule(s) of ${edit.vs.metadata.name}`],
  };
}
