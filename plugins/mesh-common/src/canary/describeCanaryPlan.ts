import { CanaryCheck, CanaryPlan } from '../api/canaryTypes';
import { formatCanaryDuration, withUnit } from './canaryFormat';
import { canaryCheckName, canaryCheckUnit } from './evaluateCanaryCheck';

/** One check's requirement: `success rate ≥ 99 %`, `p99 latency ≤ 500 ms`, `burn 0 to 0.1`. */
export function describeCanaryCheck(check: CanaryCheck): string {
  const name = canaryCheckName(check);
  const unit = canaryCheckUnit(check);
  if (check.kind === 'success-rate')
    return `${name} ≥ ${withUnit(String(check.minPercent), unit)}`;
  if (check.kind === 'latency-p99')
    return `${name} ≤ ${withUnit(String(check.maxMs), unit)}`;
  if (check.min !== undefined && check.max !== undefined)
    return `${name} ${check.min} to ${check.max}`;
  return check.min !== undefined
    ? `${name} ≥ ${check.min}`
    : `${name} ≤ ${check.max}`;
}

/**
 * A plan in words, for the start form and the canary's header: `10 % steps up to 50 %, every
 * 1 min; roll back after 2 failed checks; checks: success rate ≥ 99 %, p99 latency ≤ 500 ms`.
 */
export function describeCanaryPlan(plan: CanaryPlan): string {
  const steps =
    plan.stepWeights !== undefined
      ? `steps ${plan.stepWeights.map(w => `${w} %`).join(', ')}`
      : `${plan.stepWeight} % steps up to ${plan.maxWeight ?? 100} %`;
  const parts = [
    `${steps}, every ${formatCanaryDuration(plan.intervalSeconds)}`,
    `roll back after ${plan.threshold} failed check${plan.threshold === 1 ? '' : 's'}`,
    plan.checks.length === 0
      ? 'no checks: every step passes'
      : `checks: ${plan.checks.map(describeCanaryCheck).join(', ')}`,
  ];
  if (plan.windowSeconds !== undefined)
    parts.push(
      `each over the last ${formatCanaryDuration(plan.windowSeconds)} of metrics`,
    );
  return parts.join('; ');
}
