import { z } from 'zod';
import {
  canaryActionRequestSchema,
  canaryPlanSchema,
  startCanaryRequestSchema,
} from './canaryTypes';
import { describeZodError } from './clusterSchemas';

/** Each issue as `path: message`, the way a 400 names the field. */
function issues(schema: z.ZodTypeAny, input: unknown): string[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected the input to be refused');
  return r.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
}

const request = {
  entityRef: 'component:bookinfo/reviews',
  namespace: 'bookinfo',
  service: 'reviews',
  stableVersion: 'v1',
  canaryVersion: 'v2',
  plan: { stepWeight: 10 },
};

describe('canaryPlanSchema', () => {
  it('fills the defaults: 60 s interval, threshold 2, no checks', () => {
    expect(canaryPlanSchema.parse({ stepWeight: 10 })).toEqual({
      stepWeight: 10,
      intervalSeconds: 60,
      threshold: 2,
      checks: [],
    });
  });

  it('wants stepWeight or stepWeights, not both', () => {
    expect(issues(canaryPlanSchema, {})).toEqual([
      'stepWeight: give stepWeight or stepWeights',
    ]);
    expect(
      issues(canaryPlanSchema, { stepWeight: 10, stepWeights: [10, 20] }),
    ).toEqual(['stepWeights: give stepWeight or stepWeights, not both']);
  });

  it('names the weight that is out of range or out of order', () => {
    expect(issues(canaryPlanSchema, { stepWeight: 0 })).toEqual([
      'stepWeight: must be at least 1',
    ]);
    expect(issues(canaryPlanSchema, { stepWeight: 12.5 })).toEqual([
      'stepWeight: must be a whole number',
    ]);
    expect(issues(canaryPlanSchema, { stepWeight: 60, maxWeight: 50 })).toEqual(
      ['stepWeight: must not be above maxWeight'],
    );
    expect(issues(canaryPlanSchema, { stepWeights: [10, 30, 20] })).toEqual([
      'stepWeights.2: must be above the weight before it',
    ]);
    expect(issues(canaryPlanSchema, { stepWeights: [] })).toEqual([
      'stepWeights: must list at least one weight',
    ]);
  });

  it('names the field inside a check', () => {
    expect(
      issues(canaryPlanSchema, {
        stepWeight: 10,
        checks: [
          { kind: 'success-rate', minPercent: 120 },
          { kind: 'latency-p99', maxMs: 0 },
          { kind: 'promql', name: 'burn', query: 'up' },
          { kind: 'promql', name: 'burn', query: 'up', min: 2, max: 1 },
        ],
      }),
    ).toEqual([
      'checks.0.minPercent: Number must be less than or equal to 100',
      'checks.1.maxMs: must be above 0',
      'checks.2.min: give min, max or both',
      'checks.3.min: must not be above max',
    ]);
  });

  it('refuses unknown fields and more than 10 checks', () => {
    expect(issues(canaryPlanSchema, { stepWeight: 10, interval: 60 })).toEqual([
      ": Unrecognized key(s) in object: 'interval'",
    ]);
    expect(
      issues(canaryPlanSchema, {
        stepWeight: 10,
        checks: Array.from({ length: 11 }, () => ({
          kind: 'latency-p99',
          maxMs: 500,
        })),
      }),
    ).toEqual(['checks: at most 10 checks']);
  });
});

describe('startCanaryRequestSchema', () => {
  it('accepts a request and names nested plan fields by their path', () => {
    expect(startCanaryRequestSchema.parse(request).plan.threshold).toBe(2);
    const r = startCanaryRequestSchema.safeParse({
      ...request,
      plan: { stepWeight: 10, threshold: 0 },
    });
    expect(!r.success && describeZodError(r.error)).toBe(
      'plan.threshold must be at least 1',
    );
  });

  it('wants the canary version to differ from the stable one', () => {
    expect(
      issues(startCanaryRequestSchema, { ...request, canaryVersion: 'v1' }),
    ).toEqual(['canaryVersion: must differ from stableVersion']);
  });

  it('names a missing or malformed field', () => {
    const { service: _, ...noService } = request;
    expect(issues(startCanaryRequestSchema, noService)).toEqual([
      'service: Required',
    ]);
    expect(
      issues(startCanaryRequestSchema, { ...request, canaryVersion: 'v2!' }),
    ).toEqual([
      'canaryVersion: must be a label value (letters, digits, -, _ and .)',
    ]);
  });
});

describe('canaryActionRequestSchema', () => {
  it('takes an optional reason and nothing else', () => {
    expect(canaryActionRequestSchema.parse({})).toEqual({});
    expect(
      issues(canaryActionRequestSchema, { reason: 'x'.repeat(501) }),
    ).toEqual(['reason: String must contain at most 500 character(s)']);
  });
});
