import { RedSeries } from '@meshport/plugin-mesh-common';

/** One point in time of a chart: `t` in milliseconds since the epoch, then one value per series. */
export type ChartRow<K extends keyof RedSeries> = { t: number } & Partial<
  Record<K, number>
>;

/**
 * Joins some of the series into rows by timestamp, oldest first, as recharts draws them. A point
 * that is not a finite number is left out rather than drawn as 0: `histogram_quantile` answers NaN
 * for a step without requests, and a gap says that honestly where 0 ms would not.
 */
export function redChartRows<K extends keyof RedSeries>(
  series: RedSeries,
  keys: K[],
): Array<ChartRow<K>> {
  const rows = new Map<number, ChartRow<K>>();
  for (const key of keys) {
    for (const [seconds, value] of series[key] ?? []) {
      if (!Number.isFinite(value)) continue;
      const t = seconds * 1000;
      let row = rows.get(t);
      if (!row) {
        row = { t } as ChartRow<K>;
        rows.set(t, row);
      }
      (row as Record<string, number>)[key] = value;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * The errors chart's rows, with the total alongside for the tooltip's share. Prometheus has no
 * 4xx series at all while nothing failed, so a step with requests but no 4xx (or 5xx) point had
 * none of them: 0, drawn as such, rather than a gap that reads as "unknown".
 */
export function errorChartRows(
  series: RedSeries,
): Array<ChartRow<'rps4xx' | 'rps5xx' | 'rps'>> {
  return redChartRows(series, ['rps4xx', 'rps5xx', 'rps']).map(row =>
    row.rps === undefined ? row : { rps4xx: 0, rps5xx: 0, ...row },
  );
}

/**
 * Whether anything was asked of the workload in the window. A Prometheus series of zeros (the
 * counter exists but did not move) means no requests just as much as no series does.
 */
export function hasRequests(series: RedSeries): boolean {
  const moved = (points: Array<[number, number]> | undefined) =>
    (points ?? []).some(([, v]) => Number.isFinite(v) && v > 0);
  const measured = (points: Array<[number, number]> | undefined) =>
    (points ?? []).some(([, v]) => Number.isFinite(v));
  return (
    moved(series.rps) ||
    moved(series.rps4xx) ||
    moved(series.rps5xx) ||
    measured(series.p50) ||
    measured(series.p95) ||
    measured(series.p99)
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Clock time in the viewer's time zone: `09:05`, or `09:05:07` for tooltips. */
export function formatClock(ms: number, withSeconds = false): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

const TICK_STEPS_SECONDS = [
  5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
];

/**
 * Time-axis ticks on round clock times (every 15 s, 1 min, 5 min, …), at most `maxTicks` of them,
 * and whether the labels need seconds. Recharts would otherwise tick at data points, which on a
 * 5-minute window prints the same `10:00` several times.
 */
export function clockTicks(
  fromMs: number,
  toMs: number,
  maxTicks = 6,
): { ticks: number[]; withSeconds: boolean } {
  if (!(toMs > fromMs)) return { ticks: [fromMs], withSeconds: true };
  const spanSeconds = (toMs - fromMs) / 1000;
  const step =
    TICK_STEPS_SECONDS.find(s => spanSeconds / s <= maxTicks - 1) ??
    Math.ceil(spanSeconds / (maxTicks - 1) / 3600) * 3600;
  const stepMs = step * 1000;
  // Round in local time, so hourly ticks fall on the hour in zones offset by half an hour too.
  const offsetMs = new Date(fromMs).getTimezoneOffset() * 60_000;
  const first = Math.ceil((fromMs - offsetMs) / stepMs) * stepMs + offsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= toMs; t += stepMs) ticks.push(t);
  return { ticks, withSeconds: step < 60 };
}

/** Three significant digits at most, no exponent: rates of 0.004 req/s and latencies of 2 400 ms both happen. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01) return value.toFixed(2);
  return '<0.01';
}

/** `3.4 %` of `total`, or undefined when there is nothing to divide by. */
export function formatShare(part: number, total: number | undefined) {
  if (!total || !Number.isFinite(total) || total <= 0) return undefined;
  const pct = (part / total) * 100;
  return `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}
