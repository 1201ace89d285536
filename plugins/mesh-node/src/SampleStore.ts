import { SeriesView } from './evaluateMetricQuery';
import { ExpositionSample } from './parsePrometheusText';

interface StoredSeries extends SeriesView {
  labels: Record<string, string>;
  timestamps: number[];
  values: number[];
}

export interface SampleStoreOptions {
  /** How far back samples are kept (ms). */
  retentionMs: number;
  /** Upper bound on samples held across all series; the oldest go first when it is reached. */
  maxSamples: number;
}

/**
 * The direct-scrape source's short in-memory time series database: series by metric name, each
 * with ascending timestamps. Bounded twice, by age and by sample count, so a large mesh cannot
 * grow the backend's memory without limit.
 */
export class SampleStore {
  private readonly byName = new Map<string, Map<string, StoredSeries>>();
  private count = 0;

  constructor(private readonly options: SampleStoreOptions) {}

  /** Samples held now. */
  get sampleCount(): number {
    return this.count;
  }

  /** Series held now. */
  get seriesCount(): number {
    let n = 0;
    for (const series of this.byName.values()) n += series.size;
    return n;
  }

  /**
   * Adds one scrape's samples. `extraLabels` (job, instance) are set on every series; a sample
   * without its own timestamp gets `scrapedAtMs`. Like Prometheus, a sample not newer than the
   * series' last one is dropped (out of order or duplicate).
   */
  append(
    samples: ExpositionSample[],
    scrapedAtMs: number,
    extraLabels: Record<string, string>,
  ): void {
    for (const sample of samples) {
      const labels = withTargetLabels(sample.labels, extraLabels);
      const key = seriesKey(labels);
      let named = this.byName.get(sample.name);
      if (!named) {
        named = new Map();
        this.byName.set(sample.name, named);
      }
      let series = named.get(key);
      if (!series) {
        series = { labels, timestamps: [], values: [] };
        named.set(key, series);
      }
      const t = sample.timestampMs ?? scrapedAtMs;
      const last = series.timestamps[series.timestamps.length - 1];
      if (last !== undefined && t <= last) continue;
      series.timestamps.push(t);
      series.values.push(sample.value);
      this.count += 1;
    }
  }

  /**
   * Records one scrape of a target as Prometheus does, in its `up` series (job and instance): 1
   * when it answered, 0 when not. Rates that count new series read it (`newSeriesRate`).
   */
  recordScrape(
    scrapedAtMs: number,
    target: Record<string, string>,
    answered: boolean,
  ): void {
    this.append(
      [{ name: 'up', labels: {}, value: answered ? 1 : 0 }],
      scrapedAtMs,
      target,
    );
  }

  /** Drops samples older than the retention, then the oldest until under the sample bound. */
  prune(nowMs: number): void {
    this.dropBefore(nowMs - this.options.retentionMs);
    while (this.count > this.options.maxSamples) {
      // Scrapes stamp every series alike, so dropping up to the oldest timestamp held removes
      // one scrape's worth at a time.
      let oldest = Infinity;
      for (const named of this.byName.values())
        for (const s of named.values())
          if (s.timestamps[0] < oldest) oldest = s.timestamps[0];
      if (oldest === Infinity) break;
      this.dropBefore(oldest + 1);
    }
  }

  series(name: string): Iterable<SeriesView> {
    return this.byName.get(name)?.values() ?? [];
  }

  private dropBefore(cutoffMs: number): void {
    for (const [name, named] of this.byName) {
      for (const [key, s] of named) {
        let drop = 0;
        while (drop < s.timestamps.length && s.timestamps[drop] < cutoffMs)
          drop += 1;
        if (drop === 0) continue;
        s.timestamps.splice(0, drop);
        s.values.splice(0, drop);
        this.count -= drop;
        if (s.timestamps.length === 0) named.delete(key);
      }
      if (named.size === 0) this.byName.delete(name);
    }
  }
}

/**
 * Prometheus's target labels: `job` and `instance` are set on every series, and an exposed label
 * of the same name is kept as `exported_<name>` (honor_labels: false, Prometheus's default).
 */
function withTargetLabels(
  labels: Record<string, string>,
  target: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (value === '') continue; // an empty label is no label, in Prometheus's storage too
    out[name in target ? `exported_${name}` : name] = value;
  }
  return Object.assign(out, target);
}

function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map(k => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}
