import { CanaryCheckResult } from '../api/canaryTypes';
import { describeCanaryCheckResult } from './evaluateCanaryCheck';

export interface CanaryStepInput {
  /** The plan's weights (`canaryWeights`). */
  weights: number[];
  /** Index of the step whose traffic (weights[step]) the checks measured. */
  step: number;
  /** Failed checks before this one. */
  failedChecks: number;
  /** Failed checks that roll the canary back. */
  threshold: number;
  /** This interval's checks (`evaluateCanaryCheck`). */
  results: CanaryCheckResult[];
}

export type CanaryStepVerdict =
  'advanced' | 'held' | 'promoted' | 'rolled-back';

export interface CanaryStepDecision {
  verdict: CanaryStepVerdict;
  /** The step after the decision (the same step when held or rolled back). */
  step: number;
  /** The canary's weight after the decision: 100 when promoted, 0 when rolled back. */
  weight: number;
  failedChecks: number;
  message: string;
}

function wholeNumber(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new TypeError(
      `${field} must be a whole number of at least ${min}, got ${value}`,
    );
}

const checksWord = (n: number) => `${n} failed check${n === 1 ? '' : 's'}`;

/**
 * What the controller does after one interval, with Flagger's semantics. The checks judge the
 * current step (traffic at weights[step]). All pass (or there are none): the next weight, or
 * promotion (100 %) after the last one. Any fails: one more failed check — counted once per
 * interval however many checks failed, and never reset by a later pass, as Flagger counts — and
 * at the threshold a rollback (0 %), below it the step is held and judged again next interval.
 */
export function decideCanaryStep(input: CanaryStepInput): CanaryStepDecision {
  const { weights, step, failedChecks, threshold, results } = input;
  if (weights.length === 0) throw new TypeError('weights must not be empty');
  wholeNumber('step', step, 0);
  if (step >= weights.length)
    throw new TypeError(
      `step ${step} is past the last of ${weights.length} weights`,
    );
  wholeNumber('failedChecks', failedChecks, 0);
  wholeNumber('threshold', threshold, 1);
  const weight = weights[step];
  const failed = results.filter(r => !r.ok);
  if (failed.length === 0) {
    const passed =
      results.length === 0
        ? `step ${step + 1} of ${weights.length} at ${weight} % (no checks)`
        : `checks passed at ${weight} % (${results.map(describeCanaryCheckResult).join(', ')})`;
    if (step === weights.length - 1)
      return {
        verdict: 'promoted',
        step,
        weight: 100,
        failedChecks,
        message: `${passed}, the last step: promoted, all requests go to the canary`,
      };
    return {
      verdict: 'advanced',
      step: step + 1,
      weight: weights[step + 1],
      failedChecks,
      message: `${passed}; moving to ${weights[step + 1]} %`,
    };
  }
  const count = failedChecks + 1;
  const why = failed.map(describeCanaryCheckResult).join('; ');
  if (count >= threshold)
    return {
      verdict: 'rolled-back',
      step,
      weight: 0,
      failedChecks: count,
      message: `rolled back after ${checksWord(count)}: ${why}; all requests go back to the stable version`,
    };
  return {
    verdict: 'held',
    step,
    weight,
    failedChecks: count,
    message: `${count} of ${threshold} failed checks: ${why}; staying at ${weight} %`,
  };
}
