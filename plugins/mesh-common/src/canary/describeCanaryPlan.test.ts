import { canaryPlanSchema, CanaryPlanInput } from '../api/canaryTypes';
import { describeCanaryCheck, describeCanaryPlan } from './describeCanaryPlan';

const plan = (input: CanaryPlanInput) => canaryPlanSchema.parse(input);

describe('describeCanaryPlan', () => {
  it('puts steps, interval, threshold and checks in words', () => {
    expect(
      describeCanaryPlan(
        plan({
          stepWeight: 10,
          maxWeight: 50,
          intervalSeconds: 60,
          threshold: 2,
          checks: [
            { kind: 'success-rate', minPercent: 99 },
            { kind: 'latency-p99', maxMs: 500 },
          ],
        }),
      ),
    ).toBe(
      '10 % steps up to 50 %, every 1 min; roll back after 2 failed checks; checks: success rate ≥ 99 %, p99 latency ≤ 500 ms',
    );
  });

  it('lists explicit weights, one failed check, no checks and an explicit window', () => {
    expect(
      describeCanaryPlan(
        plan({
          stepWeights: [5, 20, 50],
          intervalSeconds: 30,
          threshold: 1,
          windowSeconds: 120,
        }),
      ),
    ).toBe(
      'steps 5 %, 20 %, 50 %, every 30 s; roll back after 1 failed check; no checks: every step passes; each over the last 2 min of metrics',
    );
    expect(describeCanaryPlan(plan({ stepWeight: 25 }))).toBe(
      '25 % steps up to 100 %, every 1 min; roll back after 2 failed checks; no checks: every step passes',
    );
  });
});

describe('describeCanaryCheck', () => {
  it('gives custom checks their range', () => {
    const promql = (min?: number, max?: number) =>
      describeCanaryCheck({
        kind: 'promql',
        name: 'burn',
        query: 'x',
        min,
        max,
      });
    expect(promql(0, 0.1)).toBe('burn 0 to 0.1');
    expect(promql(0.5)).toBe('burn ≥ 0.5');
    expect(promql(undefined, 0.1)).toBe('burn ≤ 0.1');
  });
});
