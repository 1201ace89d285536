import {
  CanaryCheck,
  CanaryCheckAnswer,
  CanaryCheckQuery,
  CanaryCheckResult,
} from '@meshport/plugin-mesh-common';
import { MetricsSource } from '@meshport/plugin-mesh-node';

/** A check whose query could not even be built (no canary workloads, a bad placeholder). */
export interface InvalidCanaryCheckQuery {
  kind: 'invalid';
  error: string;
}

export interface RunCanaryChecksOptions {
  checks: CanaryCheck[];
  /** One query per check, in the same order. */
  queries: Array<CanaryCheckQuery | InvalidCanaryCheckQuery>;
  /** The mesh's metrics source; absent when it has none or it could not be made. */
  source?: MetricsSource;
  /** Why there is no source, for every check's reason. */
  unavailable: string;
  timeoutSeconds: number;
  evaluate: (
    check: CanaryCheck,
    answer: CanaryCheckAnswer,
  ) => CanaryCheckResult;
}

/**
 * Runs a step's checks in parallel, each under its own timeout, and judges each answer. A query
 * that fails, times out or cannot run on this source is a failed check (Flagger's semantics), so
 * a Prometheus outage rolls a canary back after the threshold rather than letting it through.
 */
export async function runCanaryChecks(
  options: RunCanaryChecksOptions,
): Promise<CanaryCheckResult[]> {
  const { source } = options;
  const answers = await Promise.all(
    options.queries.map(async (q): Promise<CanaryCheckAnswer> => {
      if (q.kind === 'invalid') return { ok: false, error: q.error };
      if (!source) return { ok: false, error: options.unavailable };
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<CanaryCheckAnswer>(resolve => {
        timer = setTimeout(() => {
          controller.abort();
          resolve({
            ok: false,
            error: `${source.description} did not answer within ${options.timeoutSeconds} s`,
          });
        }, options.timeoutSeconds * 1000);
      });
      const run = async (): Promise<CanaryCheckAnswer> => {
        try {
          if (q.kind === 'metric')
            return {
              ok: true,
              // A step is judged on the last scrape, not on recorded series a rule interval old.
              result: await source.query(q.query, {
                signal: controller.signal,
                fresh: true,
              }),
            };
          if (!source.queryPromQL)
            return {
              ok: false,
              error: `the mesh's metrics source (${source.type}) cannot run PromQL; configure Prometheus for custom checks`,
            };
          return {
            ok: true,
            result: await source.queryPromQL(q.expr, {
              signal: controller.signal,
            }),
          };
        } catch (e) {
          return { ok: false, error: (e as Error).message };
        }
      };
      try {
        return await Promise.race([run(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return options.checks.map((check, i) => options.evaluate(check, answers[i]));
}
