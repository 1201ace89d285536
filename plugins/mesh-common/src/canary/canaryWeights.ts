import { CanaryPlan } from '../api/canaryTypes';

/** What the weight and timing functions read of a plan (a parsed `CanaryPlan` has it all). */
export type CanaryPlanSteps = Pick<
  CanaryPlan,
  'stepWeight' | 'maxWeight' | 'stepWeights' | 'intervalSeconds'
>;

function checkWeight(field: string, w: number): void {
  if (!Number.isInteger(w) || w < 1 || w > 100)
    throw new TypeError(
      `${field} must be a whole number from 1 to 100, got ${w}`,
    );
}

/**
 * The canary weights the plan walks through, in percent. With `stepWeight` (and `maxWeight`,
 * default 100): stepWeight, 2 × stepWeight, … while at most maxWeight, then maxWeight itself when
 * the last multiple falls short of it (step 30, max 100 → 30, 60, 90, 100), as Flagger caps the
 * weight at maxWeight. With `stepWeights`: that list. Promotion (100 %) comes after the last
 * weight passes, whether or not it is 100.
 */
export function canaryWeights(
  plan: Pick<CanaryPlan, 'stepWeight' | 'maxWeight' | 'stepWeights'>,
): number[] {
  if (plan.stepWeights !== undefined) {
    if (plan.stepWeight !== undefined)
      throw new TypeError(
        'plan.stepWeights: give stepWeight or stepWeights, not both',
      );
    if (plan.stepWeights.length === 0)
      throw new TypeError('plan.stepWeights must list at least one weight');
    plan.stepWeights.forEach((w, i) => {
      checkWeight(`plan.stepWeights.${i}`, w);
      if (i > 0 && w <= plan.stepWeights![i - 1])
        throw new TypeError(
          `plan.stepWeights.${i} must be above the weight before it`,
        );
    });
    return [...plan.stepWeights];
  }
  if (plan.stepWeight === undefined)
    throw new TypeError('plan.stepWeight: give stepWeight or stepWeights');
  const max = plan.maxWeight ?? 100;
  checkWeight('plan.stepWeight', plan.stepWeight);
  checkWeight('plan.maxWeight', max);
  if (plan.stepWeight > max)
    throw new TypeError('plan.stepWeight must not be above maxWeight');
  const weights: number[] = [];
  for (let w = plan.stepWeight; w <= max; w += plan.stepWeight) weights.push(w);
  if (weights[weights.length - 1] < max) weights.push(max);
  return weights;
}

/**
 * The metrics window each check reads: `windowSeconds`, else the interval but at least 30 s, so a
 * rate over a short interval still has two scrapes (Prometheus' default interval is 15 s) to use.
 */
export function canaryWindowSeconds(
  plan: Pick<CanaryPlan, 'windowSeconds' | 'intervalSeconds'>,
): number {
  return plan.windowSeconds ?? Math.max(plan.intervalSeconds, 30);
}

/**
 * The least time from start to promotion: each step's traffic is judged one interval after it is
 * set, so interval × number of steps (Flagger: interval × maxWeight / stepWeight). Failed checks
 * that do not reach the threshold hold a step and add an interval each.
 */
export function canaryStepDurationSeconds(plan: CanaryPlanSteps): number {
  return plan.intervalSeconds * canaryWeights(plan).length;
}
