import { CanaryRecord } from '@meshport/plugin-mesh-common';

/** A canary as GET /canaries/:id answers it: reviews v3 against v1 at its first step. */
export function canaryRecord(
  overrides: Partial<CanaryRecord> = {},
): CanaryRecord {
  return {
    id: 'c-123',
    entityRef: 'component:default/reviews',
    cluster: 'sandbox',
    namespace: 'bookinfo',
    service: 'reviews',
    stableVersion: 'v1',
    canaryVersion: 'v3',
    plan: {
      stepWeight: 10,
      maxWeight: 50,
      intervalSeconds: 60,
      threshold: 2,
      checks: [
        { kind: 'success-rate', minPercent: 99 },
        { kind: 'latency-p99', maxMs: 500 },
      ],
    },
    weights: [10, 20, 30, 40, 50],
    state: 'progressing',
    step: 0,
    weight: 10,
    failedChecks: 0,
    route: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
    nextCheckAt: '2026-05-01T10:01:00.000Z',
    createdBy: 'user:default/mock',
    createdAt: '2026-05-01T10:00:00.000Z',
    updatedAt: '2026-05-01T10:00:00.000Z',
    events: [],
    ...overrides,
  };
}
