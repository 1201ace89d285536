import {
  activeCanary,
  promotedCanary,
  rolledBackCanary,
} from '../components/CanaryPanel/__fixtures__/canaryFixtures';
import { canaryTimeDomain, checkSeries, weightPoints } from './canaryChartRows';

describe('canaryChartRows', () => {
  it('gives one series per check with its range and a point per measured step', () => {
    const canary = activeCanary();
    const [sr, p99] = checkSeries(canary);
    expect(sr).toMatchObject({
      name: 'success rate',
      kind: 'success-rate',
      unit: '%',
      min: 99,
    });
    expect(sr.max).toBeUndefined();
    expect(p99).toMatchObject({ name: 'p99 latency', max: 500, unit: 'ms' });
    // The started event measured nothing: two points, at the advanced and held events.
    expect(sr.points.map(p => [p.value, p.ok, p.reason])).toEqual([
      [99.84, true, undefined],
      [98.7, false, '98.7 % is below 99 %'],
    ]);
    expect(sr.points.map(p => p.t)).toEqual([
      Date.parse(canary.events[1].at),
      Date.parse(canary.events[2].at),
    ]);
  });

  it('keeps missing values as null, in event order whatever the list order', () => {
    const canary = rolledBackCanary();
    const [sr, p99] = checkSeries({
      ...canary,
      events: [...canary.events].reverse(),
    });
    expect(sr.points.map(p => p.value)).toEqual([99.84, null, 97.2]);
    expect(p99.points.map(p => p.reason)).toEqual([
      undefined,
      'query failed: Prometheus answered 503',
      '640 ms is above 500 ms',
    ]);
  });

  it('draws the weight up to now while running and up to the end once finished', () => {
    const canary = activeCanary();
    const now = Date.now();
    expect(weightPoints(canary, now).map(p => p.weight)).toEqual([
      10, 20, 20, 20,
    ]);
    expect(weightPoints(canary, now).at(-1)!.t).toBe(now);
    expect(canaryTimeDomain(canary, now)).toEqual([
      Date.parse(canary.events[0].at),
      now,
    ]);

    const promoted = promotedCanary();
    // It ends with a step (to 100 %): room after it, so the step is not lost in the chart's edge.
    const [from, to] = canaryTimeDomain(promoted, now);
    expect(to).toBeGreaterThan(Date.parse(promoted.finishedAt!));
    expect(to - Date.parse(promoted.finishedAt!)).toBeGreaterThanOrEqual(1000);
    expect(from).toBe(Date.parse(promoted.events[0].at));
    const points = weightPoints(promoted, now);
    expect(points.map(p => p.weight)).toEqual([10, 20, 100]);
    expect(points.at(-1)!.t).toBe(Date.parse(promoted.finishedAt!));
  });

  it('has nothing to draw for a canary without events', () => {
    const canary = { ...activeCanary(), events: [] };
    expect(checkSeries(canary)).toEqual([]);
    expect(weightPoints(canary, 5)).toEqual([]);
    expect(canaryTimeDomain(canary, 5)).toEqual([5, 5]);
  });
});
