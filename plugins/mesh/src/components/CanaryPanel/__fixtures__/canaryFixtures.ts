import {
  CanaryCheckResult,
  CanaryEvent,
  CanaryRecord,
} from '@meshport/plugin-mesh-common';

/**
 * Canaries of Bookinfo's `reviews` as GET /entities/component/default/reviews/canaries answers
 * them: v1 → v3 in five steps of 10 %, judged on success rate (≥ 99 %) and p99 latency (≤ 500 ms),
 * rolled back after 2 failed checks. Times are relative to now so "next check in …" stays true.
 */

const at = (secondsFromNow: number) =>
  new Date(Date.now() + secondsFromNow * 1000).toISOString();

const successRate = (
  value: number | null,
  reason?: string,
): CanaryCheckResult => ({
  name: 'success rate',
  kind: 'success-rate',
  value,
  min: 99,
  unit: '%',
  ok: value !== null && value >= 99,
  ...(reason ? { reason } : {}),
});

const latency = (value: number | null, reason?: string): CanaryCheckResult => ({
  name: 'p99 latency',
  kind: 'latency-p99',
  value,
  max: 500,
  unit: 'ms',
  ok: value !== null && value <= 500,
  ...(reason ? { reason } : {}),
});

const plan: CanaryRecord['plan'] = {
  stepWeight: 10,
  maxWeight: 50,
  intervalSeconds: 60,
  threshold: 2,
  checks: [
    { kind: 'success-rate', minPercent: 99 },
    { kind: 'latency-p99', maxMs: 500 },
  ],
};

function record(
  overrides: Partial<CanaryRecord> & Pick<CanaryRecord, 'events'>,
): CanaryRecord {
  return {
    id: 'cnr-7f3a',
    entityRef: 'component:default/reviews',
    cluster: 'east',
    namespace: 'bookinfo',
    service: 'reviews',
    stableVersion: 'v1',
    canaryVersion: 'v3',
    plan,
    weights: [10, 20, 30, 40, 50],
    state: 'progressing',
    step: 0,
    weight: 10,
    failedChecks: 0,
    route: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
    createdBy: 'user:default/guest',
    createdAt: overrides.events[0].at,
    updatedAt: overrides.events[overrides.events.length - 1].at,
    ...overrides,
  };
}

/** The three events every fixture starts with: started at 10 %, advanced to 20 %, held at 20 %. */
function firstEvents(start: number): CanaryEvent[] {
  return [
    {
      seq: 1,
      at: at(start),
      verdict: 'started',
      step: 0,
      weight: 10,
      failedChecks: 0,
      checks: [],
      message: '10 % of requests to v3',
      actor: 'user:default/guest',
      changeId: 'chg-101',
    },
    {
      seq: 2,
      at: at(start + 60),
      verdict: 'advanced',
      step: 1,
      weight: 20,
      failedChecks: 0,
      checks: [successRate(99.84), latency(212)],
      message: 'all checks passed; 20 % of requests to v3',
      actor: 'controller',
      changeId: 'chg-102',
    },
    {
      seq: 3,
      at: at(start + 120),
      verdict: 'held',
      step: 1,
      weight: 20,
      failedChecks: 1,
      checks: [successRate(98.7, '98.7 % is below 99 %'), latency(488)],
      message: '1 of 2 failed checks; holding at 20 %',
      actor: 'controller',
    },
  ];
}

/** Progressing at step 2 of 5 (20 %) with one failed check; next judged in 30 s. */
export function activeCanary(
  overrides: Partial<CanaryRecord> = {},
): CanaryRecord {
  return record({
    step: 1,
    weight: 20,
    failedChecks: 1,
    message: 'holding at 20 % after a failed check (1 of 2)',
    nextCheckAt: at(30),
    events: firstEvents(-150),
    ...overrides,
  });
}

export const PAUSE_MESSAGE =
  'VirtualService bookinfo/reviews was changed outside the canary (resourceVersion 812 → 815); resume to take the routing over again, or abort';

/** Stopped by a hand-made edit of the route: shows the conflict and offers Resume. */
export function pausedCanary(): CanaryRecord {
  const events = firstEvents(-400);
  events.push({
    seq: 4,
    at: at(-250),
    verdict: 'paused',
    step: 1,
    weight: 20,
    failedChecks: 1,
    checks: [],
    message: PAUSE_MESSAGE,
    actor: 'controller',
  });
  return record({
    state: 'paused',
    step: 1,
    weight: 20,
    failedChecks: 1,
    message: PAUSE_MESSAGE,
    events,
  });
}

/**
 * An earlier attempt, v1 → v2, rolled back: one interval without data (the p99 query failed and
 * the success rate had no samples), then both checks out of range.
 */
export function rolledBackCanary(): CanaryRecord {
  // Finished 3 days and a few minutes ago.
  const start = -3 * 24 * 3600 - 600;
  const events = firstEvents(start).map(e => ({
    ...e,
    message: e.message.replace('v3', 'v2'),
  }));
  events[2] = {
    ...events[2],
    verdict: 'held',
    checks: [
      successRate(null, 'no data'),
      latency(null, 'query failed: Prometheus answered 503'),
    ],
    message: 'no data from the mesh; holding at 20 % (1 of 2)',
  };
  events.push({
    seq: 4,
    at: at(start + 180),
    verdict: 'rolled-back',
    step: 1,
    weight: 0,
    failedChecks: 2,
    checks: [
      successRate(97.2, '97.2 % is below 99 %'),
      latency(640, '640 ms is above 500 ms'),
    ],
    message: '2 of 2 failed checks; all traffic back to v1',
    actor: 'controller',
    changeId: 'chg-88',
  });
  return record({
    id: 'cnr-51b0',
    canaryVersion: 'v2',
    state: 'rolled-back',
    step: 1,
    weight: 0,
    failedChecks: 2,
    message: '2 of 2 failed checks; all traffic back to v1',
    finishedAt: events[3].at,
    events,
  });
}

/** An older canary, v0 → v1, that a person promoted by hand after its second step. */
export function promotedCanary(): CanaryRecord {
  const start = -10 * 24 * 3600;
  const events = firstEvents(start)
    .slice(0, 2)
    .map(e => ({
      ...e,
      message: e.message.replace('v3', 'v1'),
    }));
  events.push({
    seq: 3,
    at: at(start + 90),
    verdict: 'promoted',
    step: 1,
    weight: 100,
    failedChecks: 0,
    checks: [],
    message: 'promoted by hand: looks good',
    actor: 'user:default/jane',
    changeId: 'chg-40',
  });
  return record({
    id: 'cnr-0c12',
    stableVersion: 'v0',
    canaryVersion: 'v1',
    state: 'promoted',
    step: 1,
    weight: 100,
    message: 'promoted by hand: looks good',
    finishedAt: events[2].at,
    events,
  });
}
