/*
 * When a bench's Prometheus was busy with its own work: rule group evaluations and scrapes, as its
 * API reports them after the fact (`lastEvaluation` + `evaluationTime`, `lastScrape` +
 * `lastScrapeDuration`). On a 2-core machine that Prometheus shares with the backend, the sandbox
 * and the bench, a request that overlaps such work waits for CPU; splitting timings by overlap
 * tells the server's own time from the neighbour's.
 */

/** One stretch of Prometheus's own work, in epoch milliseconds. */
export interface BusySpan {
  kind: 'rules' | 'scrape';
  /** The rule group's or the scrape target's name. */
  what: string;
  startMs: number;
  endMs: number;
}

interface RulesAnswer {
  data: {
    groups: Array<{
      name: string;
      lastEvaluation?: string;
      evaluationTime?: number;
      rules?: Array<{
        name: string;
        lastEvaluation?: string;
        evaluationTime?: number;
      }>;
    }>;
  };
}

interface TargetsAnswer {
  data: {
    activeTargets: Array<{
      scrapeUrl: string;
      lastScrape?: string;
      lastScrapeDuration?: number;
    }>;
  };
}

/** Prometheus's zero time, for a group or target not evaluated or scraped yet. */
const NEVER = Date.parse('0001-01-01T00:00:00Z');

function span(
  kind: BusySpan['kind'],
  what: string,
  at: string | undefined,
  seconds: number | undefined,
): BusySpan | undefined {
  const startMs = at ? Date.parse(at) : NaN;
  if (!Number.isFinite(startMs) || startMs <= NEVER || seconds === undefined)
    return undefined;
  return { kind, what, startMs, endMs: startMs + seconds * 1000 };
}

/**
 * Collects every rule evaluation and scrape Prometheus reports, polled once per bench run. Each is
 * reported only once finished (Prometheus records it when done), so `settle` waits for one of each
 * kind to start after the last timed request before the spans are complete.
 */
export class PrometheusActivity {
  private readonly spans = new Map<string, BusySpan>();
  /** Each rule's own evaluations (inside its group's), by record name; not used for overlaps. */
  private readonly ruleSpans = new Map<string, BusySpan>();

  constructor(private readonly url: string) {}

  async observe(): Promise<void> {
    const [rules, targets] = await Promise.all([
      fetch(`${this.url}/api/v1/rules?type=record`).then(
        r => r.json() as Promise<RulesAnswer>,
      ),
      fetch(`${this.url}/api/v1/targets?state=active`).then(
        r => r.json() as Promise<TargetsAnswer>,
      ),
    ]);
    const found = [
      ...rules.data.groups.map(g =>
        span('rules', g.name, g.lastEvaluation, g.evaluationTime),
      ),
      ...targets.data.activeTargets.map(t =>
        span('scrape', t.scrapeUrl, t.lastScrape, t.lastScrapeDuration),
      ),
    ];
    for (const s of found)
      if (s) this.spans.set(`${s.kind} ${s.what} ${s.startMs}`, s);
    for (const g of rules.data.groups)
      for (const r of g.rules ?? []) {
        const s = span('rules', r.name, r.lastEvaluation, r.evaluationTime);
        if (s) this.ruleSpans.set(`${s.what} ${s.startMs}`, s);
      }
  }

  /** Polls until a rule evaluation and a scrape have started after `afterMs` (at most `timeoutMs`). */
  async settle(afterMs: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const seen = (kind: BusySpan['kind']) =>
      [...this.spans.values()].some(
        s => s.kind === kind && s.startMs > afterMs,
      );
    while (Date.now() < deadline) {
      await this.observe();
      if (seen('rules') && seen('scrape')) return;
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  }

  /** The spans of `kind` overlapping [startMs, endMs]. */
  overlapping(
    kind: BusySpan['kind'],
    startMs: number,
    endMs: number,
  ): BusySpan[] {
    return [...this.spans.values()].filter(
      s => s.kind === kind && s.startMs < endMs && s.endMs > startMs,
    );
  }

  /** Each rule group's evaluations, in milliseconds, once each. */
  evaluationsMs(): Map<string, number[]> {
    return byWhat([...this.spans.values()].filter(s => s.kind === 'rules'));
  }

  /** Each recording rule's own evaluations, in milliseconds, once each: what each costs its group. */
  ruleEvaluationsMs(): Map<string, number[]> {
    return byWhat([...this.ruleSpans.values()]);
  }
}

function byWhat(spans: BusySpan[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of spans)
    out.set(s.what, [...(out.get(s.what) ?? []), s.endMs - s.startMs]);
  return out;
}

/** A timed request's wall-clock stretch, for `splitByActivity`. */
export interface TimedRequest {
  startMs: number;
  endMs: number;
  ms: number;
}

/**
 * Requests split by what Prometheus was doing meanwhile: `quiet` (neither), `duringRules` (a rule
 * evaluation overlapped, whatever else), `duringScrapeOnly` (a scrape but no rule evaluation).
 */
export function splitByActivity(
  requests: TimedRequest[],
  activity: PrometheusActivity,
): Record<'quiet' | 'duringRules' | 'duringScrapeOnly', number[]> {
  const split = {
    quiet: [] as number[],
    duringRules: [] as number[],
    duringScrapeOnly: [] as number[],
  };
  for (const r of requests) {
    if (activity.overlapping('rules', r.startMs, r.endMs).length)
      split.duringRules.push(r.ms);
    else if (activity.overlapping('scrape', r.startMs, r.endMs).length)
      split.duringScrapeOnly.push(r.ms);
    else split.quiet.push(r.ms);
  }
  return split;
}
