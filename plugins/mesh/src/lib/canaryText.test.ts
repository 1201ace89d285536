import {
  activeCanary,
  pausedCanary,
  promotedCanary,
  rolledBackCanary,
} from '../components/CanaryPanel/__fixtures__/canaryFixtures';
import {
  canaryTitle,
  describeStep,
  describeVerdict,
  finishedBy,
  formatCheckRange,
  formatCheckResult,
  formatCheckValue,
  formatEventTime,
  formatUntil,
  isActiveCanary,
} from './canaryText';

describe('canaryText', () => {
  it('tells active from finished canaries', () => {
    expect(isActiveCanary(activeCanary())).toBe(true);
    expect(isActiveCanary(pausedCanary())).toBe(true);
    expect(isActiveCanary(rolledBackCanary())).toBe(false);
    expect(isActiveCanary(promotedCanary())).toBe(false);
    expect(isActiveCanary({ state: 'aborted' })).toBe(false);
  });

  it('titles a canary by service and versions', () => {
    expect(canaryTitle(activeCanary())).toBe('Canary: reviews v1 → v3');
  });

  it('prints a value that is just out of range with the digits that show it', () => {
    expect(formatCheckValue({ value: 98.99996, min: 99, unit: '%' })).toBe(
      '98.99996 %',
    );
    expect(formatCheckValue({ value: 500.0004, max: 500, unit: 'ms' })).toBe(
      '500.0004 ms',
    );
    expect(formatCheckValue({ value: 99.84, min: 99, unit: '%' })).toBe(
      '99.84 %',
    );
  });

  it('writes values and ranges with their units, and no data as such', () => {
    const sr = { value: 98.7, min: 99, unit: '%' };
    expect(formatCheckValue(sr)).toBe('98.7 %');
    expect(formatCheckValue({ value: null, unit: 'ms' })).toBe('no data');
    expect(formatCheckRange(sr)).toBe('≥ 99 %');
    expect(formatCheckRange({ max: 500, unit: 'ms' })).toBe('≤ 500 ms');
    expect(formatCheckRange({ min: 1, max: 5, unit: '' })).toBe('1–5');
    expect(formatCheckRange({ min: 0.5, unit: '' })).toBe('≥ 0.5');
    expect(formatCheckRange({ unit: '' })).toBe('');
    expect(
      formatCheckResult({
        name: 'p99 latency',
        kind: 'latency-p99',
        value: 640,
        max: 500,
        unit: 'ms',
        ok: false,
      }),
    ).toBe('p99 latency 640 ms (≤ 500 ms)');
  });

  it('says where a canary is and where it ended', () => {
    expect(describeStep(activeCanary())).toBe('step 2 of 5 · 20 %');
    expect(describeStep(rolledBackCanary())).toBe(
      'final weight 0 % · reached step 2 of 5',
    );
  });

  it('puts verdicts in words', () => {
    expect(describeVerdict('held')).toBe('held: a check failed');
    expect(describeVerdict('rolled-back')).toBe('rolled back');
  });

  it('counts down to the next check', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(formatUntil('2026-03-02T10:00:42Z', now)).toBe('in 42 s');
    expect(formatUntil('2026-03-02T10:03:10Z', now)).toBe('in 3 min');
    expect(formatUntil('2026-03-02T12:10:00Z', now)).toBe('in 2 h');
    expect(formatUntil('2026-03-02T09:59:58Z', now)).toBe('due now');
    expect(formatUntil(undefined, now)).toBeUndefined();
    expect(formatUntil('soon', now)).toBeUndefined();
  });

  it('shows the date only for events of another day', () => {
    const now = new Date(2026, 2, 2, 15, 0, 0).getTime();
    expect(
      formatEventTime(new Date(2026, 2, 2, 10, 1, 5).toISOString(), now),
    ).toBe('10:01:05');
    expect(
      formatEventTime(new Date(2026, 1, 27, 9, 0, 30).toISOString(), now),
    ).toBe('2026-02-27 09:00:30');
  });

  it('names who finished a canary', () => {
    expect(finishedBy(promotedCanary())).toBe('user:default/jane');
    expect(finishedBy(rolledBackCanary())).toBe('controller');
    expect(finishedBy({ ...rolledBackCanary(), events: [] })).toBe(
      'user:default/guest',
    );
  });
});
