import { PodView, WorkloadView } from '@meshport/plugin-mesh-common';
import { workloadStats } from './workloadStats';

const pod = (
  name: string,
  injected: boolean,
  expected: boolean,
  proxyVersion?: string,
): PodView => ({
  name,
  namespace: 'bookinfo',
  phase: 'Running',
  ready: true,
  restarts: 0,
  proxyVersion,
  sidecar: {
    injected,
    expected,
    decidedBy: 'namespace-injection-label',
    reason: 'r',
  },
});

const workload = (
  desired: number,
  ready: number,
  pods: PodView[],
): WorkloadView => ({
  kind: 'Deployment',
  name: 'reviews-v1',
  namespace: 'bookinfo',
  labels: {},
  replicas: { desired, ready },
  pods,
});

describe('workloadStats', () => {
  it('counts sidecars, mismatches and distinct proxy versions', () => {
    const stats = workloadStats(
      workload(3, 3, [
        pod('a', true, true, '1.27.1'),
        pod('b', true, true, '1.26.0'),
        pod('c', false, true),
        pod('d', true, true, '1.27.1'),
      ]),
    );
    expect(stats).toEqual({
      pods: 4,
      withSidecar: 3,
      mismatches: 1,
      proxyVersions: ['1.26.0', '1.27.1'],
      replicaHealth: 'ok',
    });
  });

  it.each([
    [3, 1, 'warning'],
    [2, 0, 'error'],
    [0, 0, 'idle'],
  ] as const)('rates %i desired / %i ready as %s', (desired, ready, health) => {
    expect(workloadStats(workload(desired, ready, [])).replicaHealth).toBe(
      health,
    );
  });
});
