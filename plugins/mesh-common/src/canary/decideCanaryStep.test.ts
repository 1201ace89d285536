import { CanaryCheck, CanaryCheckResult } from '../api/canaryTypes';
import { decideCanaryStep } from './decideCanaryStep';
import { evaluateCanaryCheck } from './evaluateCanaryCheck';

const successRate: CanaryCheck = { kind: 'success-rate', minPercent: 99 };
const latency: CanaryCheck = { kind: 'latency-p99', maxMs: 500 };

const rate = (ok: number, errors: number): CanaryCheckResult =>
  evaluateCanaryCheck(successRate, {
    ok: true,
    result: {
      samples: [
        { labels: { response_code: '200' }, value: ok },
        { labels: { response_code: '500' }, value: errors },
      ],
    },
  });
const p99 = (ms: number): CanaryCheckResult =>
  evaluateCanaryCheck(latency, {
    ok: true,
    result: { samples: [{ labels: {}, value: ms }] },
  });
const noLatency = evaluateCanaryCheck(latency, {
  ok: true,
  result: { samples: [] },
});

const weights = [10, 20, 30, 40, 50];

describe('decideCanaryStep', () => {
  it('advances to the next weight when every check passes, keeping the failed count', () => {
    expect(
      decideCanaryStep({
        weights,
        step: 0,
        failedChecks: 1,
        threshold: 2,
        results: [rate(998, 2), p99(120)],
      }),
    ).toEqual({
      verdict: 'advanced',
      step: 1,
      weight: 20,
      failedChecks: 1,
      message:
        'checks passed at 10 % (success rate 99.8 %, p99 latency 120 ms); moving to 20 %',
    });
  });

  it('advances without checks', () => {
    expect(
      decideCanaryStep({
        weights,
        step: 2,
        failedChecks: 0,
        threshold: 2,
        results: [],
      }),
    ).toEqual({
      verdict: 'advanced',
      step: 3,
      weight: 40,
      failedChecks: 0,
      message: 'step 3 of 5 at 30 % (no checks); moving to 40 %',
    });
  });

  it('promotes to 100 % after the last step passes, even when maxWeight is below 100', () => {
    const d = decideCanaryStep({
      weights,
      step: 4,
      failedChecks: 0,
      threshold: 2,
      results: [rate(100, 0)],
    });
    expect(d).toEqual({
      verdict: 'promoted',
      step: 4,
      weight: 100,
      failedChecks: 0,
      message:
        'checks passed at 50 % (success rate 100 %), the last step: promoted, all requests go to the canary',
    });
    expect(
      decideCanaryStep({
        weights: [100],
        step: 0,
        failedChecks: 0,
        threshold: 1,
        results: [],
      }).verdict,
    ).toBe('promoted');
  });

  it('holds the step below the threshold, counting the interval once however many checks failed', () => {
    expect(
      decideCanaryStep({
        weights,
        step: 1,
        failedChecks: 0,
        threshold: 3,
        results: [rate(80, 20), p99(720)],
      }),
    ).toEqual({
      verdict: 'held',
      step: 1,
      weight: 20,
      failedChecks: 1,
      message:
        '1 of 3 failed checks: success rate 80 % is below the minimum 99 %; p99 latency 720 ms is above the maximum 500 ms; staying at 20 %',
    });
  });

  it('rolls back when the failed checks reach the threshold exactly', () => {
    expect(
      decideCanaryStep({
        weights,
        step: 1,
        failedChecks: 1,
        threshold: 2,
        results: [rate(80, 20), p99(120)],
      }),
    ).toEqual({
      verdict: 'rolled-back',
      step: 1,
      weight: 0,
      failedChecks: 2,
      message:
        'rolled back after 2 failed checks: success rate 80 % is below the minimum 99 %; all requests go back to the stable version',
    });
  });

  it('counts no data as a failure, and rolls back at once with threshold 1', () => {
    const d = decideCanaryStep({
      weights,
      step: 0,
      failedChecks: 0,
      threshold: 1,
      results: [rate(100, 0), noLatency],
    });
    expect(d).toMatchObject({
      verdict: 'rolled-back',
      weight: 0,
      failedChecks: 1,
    });
    expect(d.message).toBe(
      'rolled back after 1 failed check: p99 latency: no data; all requests go back to the stable version',
    );
  });

  it('rolls back on the last step too rather than promote', () => {
    expect(
      decideCanaryStep({
        weights,
        step: 4,
        failedChecks: 1,
        threshold: 2,
        results: [p99(900)],
      }).verdict,
    ).toBe('rolled-back');
  });

  it('names the input that cannot be right', () => {
    const base = {
      weights,
      step: 0,
      failedChecks: 0,
      threshold: 2,
      results: [],
    };
    expect(() => decideCanaryStep({ ...base, weights: [] })).toThrow(
      'weights must not be empty',
    );
    expect(() => decideCanaryStep({ ...base, step: 5 })).toThrow(
      'step 5 is past the last of 5 weights',
    );
    expect(() => decideCanaryStep({ ...base, step: -1 })).toThrow(
      /^step must be/,
    );
    expect(() => decideCanaryStep({ ...base, threshold: 0 })).toThrow(
      'threshold must be a whole number of at least 1, got 0',
    );
    expect(() => decideCanaryStep({ ...base, failedChecks: 0.5 })).toThrow(
      /^failedChecks/,
    );
  });
});
