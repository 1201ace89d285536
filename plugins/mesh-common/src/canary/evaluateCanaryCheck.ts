import { CanaryCheck, CanaryCheckResult } from '../api/canaryTypes';
import { MetricQueryResult, MetricSample } from '../metrics/types';
import { formatCanaryNumber, withUnit } from './canaryFormat';

/** The answer to a check's query: its samples, or why it could not be read. */
export type CanaryCheckAnswer =
  { ok: true; result: MetricQueryResult } | { ok: false; error: string };

/** `success rate`, `p99 latency`, or the custom check's name. */
export function canaryCheckName(check: CanaryCheck): string {
  if (check.kind === 'success-rate') return 'success rate';
  if (check.kind === 'latency-p99') return 'p99 latency';
  return check.name;
}

/** `%`, `ms`, or empty for a custom check. */
export function canaryCheckUnit(check: CanaryCheck): string {
  if (check.kind === 'success-rate') return '%';
  if (check.kind === 'latency-p99') return 'ms';
  return '';
}

/** The accepted range of a check. */
export function canaryCheckRange(check: CanaryCheck): {
  min?: number;
  max?: number;
} {
  if (check.kind === 'success-rate') return { min: check.minPercent };
  if (check.kind === 'latency-p99') return { max: check.maxMs };
  return {
    ...(check.min !== undefined ? { min: check.min } : {}),
    ...(check.max !== undefined ? { max: check.max } : {}),
  };
}

/**
 * Why a value is out of range, without the subject: `98.2 % is below the minimum 99 %`,
 * `720 ms is above the maximum 500 ms`, `0.4 is outside 0 to 0.1`; undefined when in range.
 */
function outOfRange(
  value: number,
  range: { min?: number; max?: number },
  unit: string,
): string | undefined {
  const { min, max } = range;
  const below = min !== undefined && value < min;
  const above = max !== undefined && value > max;
  if (!below && !above) return undefined;
  const shown = withUnit(formatCanaryNumber(value, below ? min : max), unit);
  if (min !== undefined && max !== undefined)
    return `${shown} is outside ${withUnit(`${min} to ${max}`, unit)}`;
  return below
    ? `${shown} is below the minimum ${withUnit(String(min), unit)}`
    : `${shown} is above the maximum ${withUnit(String(max), unit)}`;
}

const NO_DATA = 'no data';

type Measured = { value: number } | { fail: string };

/**
 * The non-5xx share of the canary's requests, in percent, from samples by `response_code`
 * (a sample without the label counts as non-5xx, as `response_code!~"5.*"` would match it). No
 * samples, no requests, or a NaN in any sample (Prometheus' sum would be NaN) is no data.
 */
function successRate(samples: MetricSample[]): Measured {
  let total = 0;
  let errors = 0;
  for (const s of samples) {
    if (Number.isNaN(s.value)) return { fail: NO_DATA };
    total += s.value;
    if (/^5/.test(s.labels.response_code ?? '')) errors += s.value;
  }
  if (samples.length === 0 || !(total > 0)) return { fail: NO_DATA };
  if (!Number.isFinite(total))
    return { fail: 'the request rate is not a finite number' };
  return { value: (100 * (total - errors)) / total };
}

/** The one value a latency or custom query must return. */
function single(samples: MetricSample[], what: string): Measured {
  if (samples.length === 0) return { fail: NO_DATA };
  if (samples.length > 1)
    return {
      fail: `the query returned ${samples.length} series; it must return one`,
    };
  const value = samples[0].value;
  if (Number.isNaN(value)) return { fail: NO_DATA };
  // ±Inf cannot be stored as a JSON number; p99 +Inf means slower than the largest finite bucket.
  if (!Number.isFinite(value))
    return { fail: `${what} is ${value > 0 ? '+Inf' : '-Inf'}` };
  return { value };
}

/**
 * One check's verdict, with Flagger's semantics: it fails when the value is out of range, when
 * the query failed, and when there is no data (no samples, no requests, NaN). `value` is kept
 * unrounded, as measured; only the reason's numbers are rounded (4 significant digits, more when
 * needed to tell the value from its bound). A truncated answer fails: a partial sum is no value.
 */
export function evaluateCanaryCheck(
  check: CanaryCheck,
  answer: CanaryCheckAnswer,
): CanaryCheckResult {
  const unit = canaryCheckUnit(check);
  const range = canaryCheckRange(check);
  const base = {
    name: canaryCheckName(check),
    kind: check.kind,
    ...range,
    unit,
  };
  if (!answer.ok)
    return {
      ...base,
      value: null,
      ok: false,
      reason: `query failed: ${answer.error}`,
    };
  if (answer.result.truncated)
    return {
      ...base,
      value: null,
      ok: false,
      reason:
        'the metrics source truncated the answer (too many series), so the value would be partial',
    };
  const samples = answer.result.samples;
  let measured: Measured;
  if (check.kind === 'success-rate') measured = successRate(samples);
  else if (check.kind === 'latency-p99') measured = single(samples, 'p99');
  else measured = single(samples, 'the value');
  if ('fail' in measured)
    return { ...base, value: null, ok: false, reason: measured.fail };
  const why = outOfRange(measured.value, range, unit);
  if (why === undefined) return { ...base, value: measured.value, ok: true };
  return {
    ...base,
    value: measured.value,
    ok: false,
    reason: check.kind === 'latency-p99' ? `p99 ${why}` : why,
  };
}

/**
 * A check's result as a phrase with its subject, for verdict messages: `success rate 99.8 %`,
 * `success rate 80 % is below the minimum 99 %`, `p99 latency 720 ms is above the maximum 500 ms`,
 * `p99 latency: no data`, `error budget burn: query failed: timeout`.
 */
export function describeCanaryCheckResult(result: CanaryCheckResult): string {
  if (result.value !== null) {
    const why = outOfRange(result.value, result, result.unit);
    if (why !== undefined) return `${result.name} ${why}`;
    if (result.ok)
      return `${result.name} ${withUnit(formatCanaryNumber(result.value), result.unit)}`;
  }
  return `${result.name}: ${result.reason ?? (result.ok ? 'passed' : 'failed')}`;
}
