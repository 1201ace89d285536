import { CanaryCheck } from '../api/canaryTypes';
import { MetricSample } from '../metrics/types';
import {
  CanaryCheckAnswer,
  describeCanaryCheckResult,
  evaluateCanaryCheck,
} from './evaluateCanaryCheck';

const successRate: CanaryCheck = { kind: 'success-rate', minPercent: 99 };
const latency: CanaryCheck = { kind: 'latency-p99', maxMs: 500 };
const burn: CanaryCheck = {
  kind: 'promql',
  name: 'error budget burn',
  query: 'x',
  min: 0,
  max: 0.1,
};

const answer = (...samples: MetricSample[]): CanaryCheckAnswer => ({
  ok: true,
  result: { samples },
});
const code = (response_code: string, value: number): MetricSample => ({
  labels: { response_code },
  value,
});
const one = (value: number): MetricSample => ({ labels: {}, value });

describe('evaluateCanaryCheck: success rate', () => {
  it('is the non-5xx share of the requests, summed over response codes', () => {
    expect(
      evaluateCanaryCheck(
        successRate,
        answer(code('200', 9), code('404', 0.9), code('503', 0.1)),
      ),
    ).toEqual({
      name: 'success rate',
      kind: 'success-rate',
      value: 99,
      min: 99,
      unit: '%',
      ok: true,
    });
  });

  it('fails below the minimum, with the rounded value in words and the exact value kept', () => {
    const r = evaluateCanaryCheck(
      successRate,
      answer(code('200', 8.82), code('500', 0.1), code('504', 0.06)),
    );
    expect(r.ok).toBe(false);
    expect(r.value).toBeCloseTo(98.218, 3);
    expect(r.reason).toBe('98.22 % is below the minimum 99 %');
    const exact = evaluateCanaryCheck(
      successRate,
      answer(code('200', 98.2), code('503', 1.8)),
    );
    expect(exact.reason).toBe('98.2 % is below the minimum 99 %');
  });

  it('shows enough digits to tell a value just under the bound from it', () => {
    const r = evaluateCanaryCheck(
      successRate,
      answer(code('200', 989996), code('500', 10004)),
    );
    expect(r.reason).toBe('98.9996 % is below the minimum 99 %');
  });

  it('counts a sample without response_code as non-5xx, as the PromQL does', () => {
    expect(
      evaluateCanaryCheck(successRate, answer(one(5), code('500', 5))).value,
    ).toBe(50);
  });

  it('is no data without samples, without requests, or with a NaN (Flagger)', () => {
    const noData = {
      name: 'success rate',
      kind: 'success-rate',
      value: null,
      min: 99,
      unit: '%',
      ok: false,
      reason: 'no data',
    };
    expect(evaluateCanaryCheck(successRate, answer())).toEqual(noData);
    expect(
      evaluateCanaryCheck(successRate, answer(code('200', 0), code('500', 0))),
    ).toEqual(noData);
    expect(
      evaluateCanaryCheck(
        successRate,
        answer(code('200', 3), code('500', NaN)),
      ),
    ).toEqual(noData);
  });

  it('fails when the query failed or the answer was truncated', () => {
    expect(
      evaluateCanaryCheck(successRate, {
        ok: false,
        error: 'Prometheus did not answer within 5 s',
      }),
    ).toMatchObject({
      value: null,
      ok: false,
      reason: 'query failed: Prometheus did not answer within 5 s',
    });
    expect(
      evaluateCanaryCheck(successRate, {
        ok: true,
        result: { samples: [code('200', 100)], truncated: true },
      }),
    ).toMatchObject({
      value: null,
      ok: false,
      reason: expect.stringMatching(/truncated/),
    });
  });
});

describe('evaluateCanaryCheck: p99 latency', () => {
  it('passes at or under the maximum', () => {
    expect(evaluateCanaryCheck(latency, answer(one(500)))).toEqual({
      name: 'p99 latency',
      kind: 'latency-p99',
      value: 500,
      max: 500,
      unit: 'ms',
      ok: true,
    });
  });

  it('fails above it, in words with the unit', () => {
    expect(evaluateCanaryCheck(latency, answer(one(720)))).toMatchObject({
      value: 720,
      ok: false,
      reason: 'p99 720 ms is above the maximum 500 ms',
    });
  });

  it('fails on NaN (no requests), none, several series and +Inf', () => {
    expect(evaluateCanaryCheck(latency, answer(one(NaN))).reason).toBe(
      'no data',
    );
    expect(evaluateCanaryCheck(latency, answer()).reason).toBe('no data');
    expect(evaluateCanaryCheck(latency, answer(one(1), one(2))).reason).toBe(
      'the query returned 2 series; it must return one',
    );
    expect(evaluateCanaryCheck(latency, answer(one(Infinity)))).toMatchObject({
      value: null,
      ok: false,
      reason: 'p99 is +Inf',
    });
  });
});

describe('evaluateCanaryCheck: custom PromQL', () => {
  it('judges the one value against min and max', () => {
    expect(evaluateCanaryCheck(burn, answer(one(0.05)))).toEqual({
      name: 'error budget burn',
      kind: 'promql',
      value: 0.05,
      min: 0,
      max: 0.1,
      unit: '',
      ok: true,
    });
    expect(evaluateCanaryCheck(burn, answer(one(0.4))).reason).toBe(
      '0.4 is outside 0 to 0.1',
    );
    expect(evaluateCanaryCheck(burn, answer(one(-0.2))).reason).toBe(
      '-0.2 is outside 0 to 0.1',
    );
  });

  it('with one bound, says which', () => {
    const atLeast: CanaryCheck = {
      kind: 'promql',
      name: 'rps',
      query: 'x',
      min: 10,
    };
    const atMost: CanaryCheck = {
      kind: 'promql',
      name: 'rps',
      query: 'x',
      max: 10,
    };
    expect(evaluateCanaryCheck(atLeast, answer(one(4.5)))).toMatchObject({
      min: 10,
      ok: false,
      reason: '4.5 is below the minimum 10',
    });
    expect(evaluateCanaryCheck(atLeast, answer(one(4.5))).max).toBeUndefined();
    expect(evaluateCanaryCheck(atMost, answer(one(12))).reason).toBe(
      '12 is above the maximum 10',
    );
    expect(evaluateCanaryCheck(atMost, answer(one(10))).ok).toBe(true);
  });

  it('wants exactly one series: none is no data, several fail', () => {
    expect(evaluateCanaryCheck(burn, answer()).reason).toBe('no data');
    expect(evaluateCanaryCheck(burn, answer(one(NaN))).reason).toBe('no data');
    expect(
      evaluateCanaryCheck(burn, answer(one(0), one(0.01), one(0.02))),
    ).toMatchObject({
      value: null,
      ok: false,
      reason: 'the query returned 3 series; it must return one',
    });
    expect(evaluateCanaryCheck(burn, answer(one(-Infinity))).reason).toBe(
      'the value is -Inf',
    );
  });
});

describe('describeCanaryCheckResult', () => {
  it('puts the name before the value or the reason', () => {
    const ok = evaluateCanaryCheck(
      successRate,
      answer(code('200', 998), code('500', 2)),
    );
    expect(describeCanaryCheckResult(ok)).toBe('success rate 99.8 %');
    expect(
      describeCanaryCheckResult(
        evaluateCanaryCheck(
          successRate,
          answer(code('200', 8), code('500', 2)),
        ),
      ),
    ).toBe('success rate 80 % is below the minimum 99 %');
    expect(
      describeCanaryCheckResult(evaluateCanaryCheck(latency, answer(one(720)))),
    ).toBe('p99 latency 720 ms is above the maximum 500 ms');
    expect(
      describeCanaryCheckResult(evaluateCanaryCheck(latency, answer())),
    ).toBe('p99 latency: no data');
    expect(
      describeCanaryCheckResult(
        evaluateCanaryCheck(burn, {
          ok: false,
          error: 'bad_data: parse error',
        }),
      ),
    ).toBe('error budget burn: query failed: bad_data: parse error');
    expect(
      describeCanaryCheckResult(evaluateCanaryCheck(burn, answer(one(0.02)))),
    ).toBe('error budget burn 0.02');
  });
});
