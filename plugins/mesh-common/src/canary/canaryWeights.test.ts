import { canaryPlanSchema, CanaryPlanInput } from '../api/canaryTypes';
import {
  canaryStepDurationSeconds,
  canaryWeights,
  canaryWindowSeconds,
} from './canaryWeights';

const plan = (input: CanaryPlanInput) => canaryPlanSchema.parse(input);

describe('canaryWeights', () => {
  it('walks stepWeight up to maxWeight, which defaults to 100', () => {
    expect(canaryWeights(plan({ stepWeight: 10, maxWeight: 50 }))).toEqual([
      10, 20, 30, 40, 50,
    ]);
    expect(canaryWeights(plan({ stepWeight: 25 }))).toEqual([25, 50, 75, 100]);
  });

  it('ends exactly at maxWeight when stepWeight does not divide it', () => {
    expect(canaryWeights(plan({ stepWeight: 30 }))).toEqual([30, 60, 90, 100]);
    expect(canaryWeights(plan({ stepWeight: 20, maxWeight: 50 }))).toEqual([
      20, 40, 50,
    ]);
  });

  it('is a single step when stepWeight equals maxWeight', () => {
    expect(canaryWeights(plan({ stepWeight: 100 }))).toEqual([100]);
    expect(canaryWeights(plan({ stepWeight: 5, maxWeight: 5 }))).toEqual([5]);
  });

  it('takes explicit stepWeights as given (a copy)', () => {
    const p = plan({ stepWeights: [1, 5, 25, 60] });
    const weights = canaryWeights(p);
    expect(weights).toEqual([1, 5, 25, 60]);
    weights.push(99);
    expect(p.stepWeights).toEqual([1, 5, 25, 60]);
  });

  it('names the field of a plan that skipped the schema', () => {
    expect(() => canaryWeights({})).toThrow(
      'plan.stepWeight: give stepWeight or stepWeights',
    );
    expect(() => canaryWeights({ stepWeight: 0 })).toThrow(
      'plan.stepWeight must be a whole number from 1 to 100, got 0',
    );
    expect(() => canaryWeights({ stepWeight: 10, maxWeight: 101 })).toThrow(
      'plan.maxWeight must be a whole number from 1 to 100, got 101',
    );
    expect(() => canaryWeights({ stepWeight: 60, maxWeight: 50 })).toThrow(
      'plan.stepWeight must not be above maxWeight',
    );
    expect(() => canaryWeights({ stepWeights: [10, 10] })).toThrow(
      'plan.stepWeights.1 must be above the weight before it',
    );
    expect(() => canaryWeights({ stepWeights: [] })).toThrow(
      'plan.stepWeights must list at least one weight',
    );
    expect(() => canaryWeights({ stepWeights: [10], stepWeight: 10 })).toThrow(
      'not both',
    );
  });
});

describe('canaryWindowSeconds', () => {
  it('is the window when given, else the interval but at least 30 s', () => {
    expect(
      canaryWindowSeconds(plan({ stepWeight: 10, windowSeconds: 120 })),
    ).toBe(120);
    expect(canaryWindowSeconds(plan({ stepWeight: 10 }))).toBe(60);
    expect(
      canaryWindowSeconds(plan({ stepWeight: 10, intervalSeconds: 10 })),
    ).toBe(30);
    expect(
      canaryWindowSeconds(plan({ stepWeight: 10, intervalSeconds: 300 })),
    ).toBe(300);
  });
});

describe('canaryStepDurationSeconds', () => {
  it('is interval × steps', () => {
    expect(
      canaryStepDurationSeconds(plan({ stepWeight: 10, maxWeight: 50 })),
    ).toBe(300);
    expect(
      canaryStepDurationSeconds(plan({ stepWeight: 30, intervalSeconds: 120 })),
    ).toBe(480);
    expect(
      canaryStepDurationSeconds(
        plan({ stepWeights: [50], intervalSeconds: 45 }),
      ),
    ).toBe(45);
  });
});
