import { CanaryCheckResult, CanaryRecord } from '@meshport/plugin-mesh-common';

/** One measurement of a check: `value` null when there was no data or the query failed. */
export interface CheckPoint {
  /** Milliseconds since the epoch. */
  t: number;
  value: number | null;
  ok: boolean;
  reason?: string;
}

/** One check's measurements over the canary's life, oldest first, with its accepted range. */
export interface CheckSeries {
  name: string;
  kind: CanaryCheckResult['kind'];
  unit: string;
  min?: number;
  max?: number;
  points: CheckPoint[];
}

/** The canary's weight over time, as a step chart draws it. */
export interface WeightPoint {
  t: number;
  weight: number;
}

const byTime = (canary: CanaryRecord) =>
  [...canary.events].sort((a, b) => a.seq - b.seq);

/**
 * Each check's measurements, one series per check name in the order the checks first appear.
 * Events without results (started, paused, a manual promotion) add no point: nothing was
 * measured then. The range is the latest one reported, which is the plan's.
 */
export function checkSeries(canary: CanaryRecord): CheckSeries[] {
  const series = new Map<string, CheckSeries>();
  for (const event of byTime(canary)) {
    const t = Date.parse(event.at);
    if (Number.isNaN(t)) continue;
    for (const result of event.checks) {
      let s = series.get(result.name);
      if (!s) {
        s = {
          name: result.name,
          kind: result.kind,
          unit: result.unit,
          points: [],
        };
        series.set(result.name, s);
      }
      s.min = result.min;
      s.max = result.max;
      s.points.push({
        t,
        value:
          result.value !== null && Number.isFinite(result.value)
            ? result.value
            : null,
        ok: result.ok,
        ...(result.reason ? { reason: result.reason } : {}),
      });
    }
  }
  return [...series.values()];
}

/**
 * The weight after each event, and once more at the end (when it finished, else `now`), so the
 * step chart draws the current step with its real length instead of ending at its first instant.
 */
export function weightPoints(canary: CanaryRecord, now: number): WeightPoint[] {
  const points = byTime(canary)
    .map(e => ({ t: Date.parse(e.at), weight: e.weight }))
    .filter(p => !Number.isNaN(p.t));
  const endIso = canary.finishedAt;
  const end = endIso ? Date.parse(endIso) : now;
  const last = points[points.length - 1];
  if (last && end > last.t) points.push({ t: end, weight: canary.weight });
  return points;
}

/** The time span every chart of one canary shares, so their x axes line up. */
export function canaryTimeDomain(
  canary: CanaryRecord,
  now: number,
): [number, number] {
  const points = weightPoints(canary, now);
  if (!points.length) return [now, now];
  const times = points.map(p => p.t);
  const [start, end] = [Math.min(...times), Math.max(...times)];
  // A canary that ends with a change of weight (aborted, rolled back, promoted) ends with a
  // vertical step at its last instant: leave a little room after it, or the chart's edge hides it.
  const last = points[points.length - 1];
  const before = points[points.length - 2];
  const endsWithStep = before !== undefined && before.weight !== last.weight;
  return [
    start,
    endsWithStep ? end + Math.max(1000, (end - start) * 0.04) : end,
  ];
}
