import { RedSeries } from '@meshport/plugin-mesh-common';
import {
  clockTicks,
  errorChartRows,
  formatClock,
  formatNumber,
  formatShare,
  hasRequests,
  redChartRows,
} from './redChartRows';

const empty = (): RedSeries => ({
  rps: [],
  rps4xx: [],
  rps5xx: [],
  p50: [],
  p95: [],
  p99: [],
});

describe('redChartRows', () => {
  it('joins series by timestamp, in milliseconds, oldest first', () => {
    const series = {
      ...empty(),
      rps4xx: [
        [1030, 0.5],
        [1000, 0.1],
      ],
      rps5xx: [
        [1015, 0.2],
        [1030, 0.3],
      ],
    } as RedSeries;
    expect(redChartRows(series, ['rps4xx', 'rps5xx'])).toEqual([
      { t: 1_000_000, rps4xx: 0.1 },
      { t: 1_015_000, rps5xx: 0.2 },
      { t: 1_030_000, rps4xx: 0.5, rps5xx: 0.3 },
    ]);
  });

  it('leaves NaN and infinite quantiles out as gaps, not zeros', () => {
    const series: RedSeries = {
      ...empty(),
      p50: [
        [1000, 4],
        [1015, NaN],
      ],
      p99: [
        [1000, Infinity],
        [1015, 12],
      ],
    };
    expect(redChartRows(series, ['p50', 'p99'])).toEqual([
      { t: 1_000_000, p50: 4 },
      { t: 1_015_000, p99: 12 },
    ]);
  });

  it('only reads the series it is asked for', () => {
    const series: RedSeries = {
      ...empty(),
      rps: [[1000, 2]],
      p95: [[1000, 9]],
    };
    expect(redChartRows(series, ['rps'])).toEqual([{ t: 1_000_000, rps: 2 }]);
  });
});

describe('errorChartRows', () => {
  it('counts a step with requests and no error series as 0 errors, keeping the total', () => {
    const series: RedSeries = {
      ...empty(),
      rps: [
        [1000, 4],
        [1015, 5],
      ],
      rps5xx: [[1015, 0.5]],
    };
    expect(errorChartRows(series)).toEqual([
      { t: 1_000_000, rps: 4, rps4xx: 0, rps5xx: 0 },
      { t: 1_015_000, rps: 5, rps4xx: 0, rps5xx: 0.5 },
    ]);
  });

  it('leaves a step without a known total as it is', () => {
    const series: RedSeries = { ...empty(), rps4xx: [[1000, 1]] };
    expect(errorChartRows(series)).toEqual([{ t: 1_000_000, rps4xx: 1 }]);
  });
});

describe('hasRequests', () => {
  it('is false with no points, and with a counter that did not move', () => {
    expect(hasRequests(empty())).toBe(false);
    expect(
      hasRequests({
        ...empty(),
        rps: [
          [1000, 0],
          [1015, 0],
        ],
        p95: [[1000, NaN]],
      }),
    ).toBe(false);
  });

  it('is true with any request, error or measured latency', () => {
    expect(hasRequests({ ...empty(), rps: [[1000, 0.01]] })).toBe(true);
    expect(hasRequests({ ...empty(), rps5xx: [[1000, 1]] })).toBe(true);
    expect(hasRequests({ ...empty(), p99: [[1000, 0]] })).toBe(true);
  });
});

describe('clockTicks', () => {
  const at = (h: number, m: number, sec = 0) =>
    new Date(2026, 2, 2, h, m, sec).getTime();

  it('ticks a 5-minute window on whole minutes', () => {
    const { ticks, withSeconds } = clockTicks(at(9, 55, 20), at(10, 0, 20));
    expect(ticks).toEqual([
      at(9, 56),
      at(9, 57),
      at(9, 58),
      at(9, 59),
      at(10, 0),
    ]);
    expect(withSeconds).toBe(false);
  });

  it('ticks an hour every 15 minutes and a short span in seconds', () => {
    expect(clockTicks(at(9, 0), at(10, 0)).ticks).toEqual([
      at(9, 0),
      at(9, 15),
      at(9, 30),
      at(9, 45),
      at(10, 0),
    ]);
    const short = clockTicks(at(10, 0, 0), at(10, 1, 0));
    expect(short.ticks).toEqual([
      at(10, 0, 0),
      at(10, 0, 15),
      at(10, 0, 30),
      at(10, 0, 45),
      at(10, 1, 0),
    ]);
    expect(short.withSeconds).toBe(true);
  });

  it('never returns more ticks than asked, even over days', () => {
    const { ticks } = clockTicks(at(0, 0), at(0, 0) + 3 * 86_400_000);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.length).toBeGreaterThan(1);
  });

  it('gives a single tick for a single point', () => {
    expect(clockTicks(at(10, 0), at(10, 0)).ticks).toEqual([at(10, 0)]);
  });
});

describe('formatting', () => {
  it('prints clock time in the local time zone', () => {
    const t = new Date(2026, 2, 2, 9, 5, 7).getTime();
    expect(formatClock(t)).toBe('09:05');
    expect(formatClock(t, true)).toBe('09:05:07');
  });

  it('keeps numbers short without losing small rates', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.004)).toBe('<0.01');
    expect(formatNumber(0.1234)).toBe('0.12');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(2400.4)).toBe('2400');
  });

  it('prints a share of a total, or nothing without a total', () => {
    expect(formatShare(0.6, 4)).toBe('15 %');
    expect(formatShare(0.1, 4)).toBe('2.5 %');
    expect(formatShare(1, 0)).toBeUndefined();
    expect(formatShare(1, undefined)).toBeUndefined();
  });
});
