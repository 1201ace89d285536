import fs from 'node:fs';
import path from 'node:path';
import {
  histogramQuantile,
  parseBucketBound,
} from '../../metrics/histogramQuantile';
import {
  keepPreferred,
  preferredAlternatives,
} from '../../metrics/preferredValues';
import { seriesMatches } from '../../metrics/seriesMatches';
import { MetricQuery, MetricSample } from '../../metrics/types';
import { TopologyQueries, TopologySamples } from '../topologyQueries';

/**
 * A tiny stand-in for Prometheus in tests: two scrapes of a Prometheus text exposition, Δt apart,
 * turned into the answers a query of the metrics model would get (`rate` over the two points).
 */

export interface Scrape {
  /** Unix ms, from the `# scraped at … (ms)` line the fixture recorder writes. */
  at: number;
  series: Array<{
    name: string;
    labels: Record<string, string>;
    value: number;
  }>;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq).trim();
    let j = eq + 2; // past `="`
    let value = '';
    while (text[j] !== '"') {
      if (text[j] === '\\') {
        const next = text[j + 1];
        value += next === 'n' ? '\n' : next;
        j += 2;
      } else {
        value += text[j];
        j += 1;
      }
    }
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i += 1;
  }
  return labels;
}

export function parseExposition(text: string): Scrape {
  const at = Number(/^# scraped at .*\((\d+)\)$/m.exec(text)?.[1] ?? NaN);
  const series: Scrape['series'] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const name = brace === -1 ? line.split(' ')[0] : line.slice(0, brace);
    const labels =
      brace === -1 ? {} : parseLabels(line.slice(brace + 1, close));
    const value = Number(
      line
        .slice(close === -1 ? name.length : close + 1)
        .trim()
        .split(' ')[0],
    );
    series.push({ name, labels, value });
  }
  return { at, series };
}

export function readFixture(name: string): Scrape {
  return parseExposition(
    fs.readFileSync(path.join(__dirname, '../__fixtures__', name), 'utf8'),
  );
}

const keyOf = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

function rates(
  metric: string,
  q: MetricQuery,
  before: Scrape,
  after: Scrape,
): MetricSample[] {
  const seconds = (after.at - before.at) / 1000;
  const earlier = new Map(
    before.series
      .filter(s => s.name === metric)
      .map(s => [keyOf(s.labels), s.value]),
  );
  const out: MetricSample[] = [];
  for (const s of after.series) {
    if (s.name !== metric || !seriesMatches(s.labels, q)) continue;
    const start = earlier.get(keyOf(s.labels));
    // Like Prometheus: a series seen once has no rate; a counter that went down was reset.
    if (start === undefined) continue;
    const increase = s.value >= start ? s.value - start : s.value;
    out.push({ labels: s.labels, value: increase / seconds });
  }
  return out;
}

function pick(labels: Record<string, string>, names: string[]) {
  const out: Record<string, string> = {};
  for (const n of names) if (labels[n] !== undefined) out[n] = labels[n];
  return out;
}

/** What Prometheus would answer `renderPromQL(q)` with, evaluated at the second scrape. */
export function evaluate(
  q: MetricQuery,
  before: Scrape,
  after: Scrape,
): MetricSample[] {
  if (q.prefer)
    return keepPreferred(
      preferredAlternatives(q).map(a => evaluate(a, before, after)),
      q.prefer.label,
    );
  if (q.kind === 'rate') {
    const groups = new Map<string, MetricSample>();
    for (const s of rates(q.metric, q, before, after)) {
      const labels = pick(s.labels, q.by);
      const key = keyOf(labels);
      const g = groups.get(key);
      if (g) g.value += s.value;
      else groups.set(key, { labels, value: s.value });
    }
    return [...groups.values()];
  }
  const groups = new Map<
    string,
    { labels: Record<string, string>; buckets: Map<number, number> }
  >();
  for (const s of rates(`${q.metric}_bucket`, q, before, after)) {
    const labels = pick(
      s.labels,
      q.by.filter(l => l !== 'le'),
    );
    const key = keyOf(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, buckets: new Map() };
      groups.set(key, g);
    }
    const le = parseBucketBound(s.labels.le);
    g.buckets.set(le, (g.buckets.get(le) ?? 0) + s.value);
  }
  return [...groups.values()].map(g => ({
    labels: g.labels,
    value:
      histogramQuantile(
        q.quantile,
        [...g.buckets].map(([le, count]) => ({ le, count })),
      ) ?? NaN,
  }));
}

export function topologySamplesFrom(
  queries: TopologyQueries,
  before: Scrape,
  after: Scrape,
): TopologySamples {
  const out = {} as TopologySamples;
  for (const key of Object.keys(queries) as Array<keyof TopologyQueries>)
    out[key] = evaluate(queries[key], before, after);
  return out;
}

/** The fixture's rate of `istio_requests_total` over rows whose labels include `where`. */
export function fixtureRate(
  before: Scrape,
  after: Scrape,
  where: Record<string, string>,
  metric = 'istio_requests_total',
): number {
  const q: MetricQuery = {
    kind: 'rate',
    metric,
    windowSeconds: 60,
    by: [],
    matchers: Object.entries(where).map(([label, value]) => ({
      label,
      op: '=',
      value,
    })),
  };
  return evaluate(q, before, after)[0]?.value ?? 0;
}
