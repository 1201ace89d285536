import { WorkloadView } from '@meshport/plugin-mesh-common';

export interface WorkloadStats {
  pods: number;
  withSidecar: number;
  /** Pods whose sidecar disagrees with the injection policy; each has a repair hint. */
  mismatches: number;
  proxyVersions: string[];
  /** ok: all desired replicas ready; warning: some; error: none of a non-zero desire; idle: scaled to zero. */
  replicaHealth: 'ok' | 'warning' | 'error' | 'idle';
}

/** Per-workload figures for the workloads table (the backend only sums them per cluster). */
export function workloadStats(workload: WorkloadView): WorkloadStats {
  const { desired, ready } = workload.replicas;
  let replicaHealth: WorkloadStats['replicaHealth'];
  if (desired === 0) replicaHealth = 'idle';
  else if (ready >= desired) replicaHealth = 'ok';
  else if (ready === 0) replicaHealth = 'error';
  else replicaHealth = 'warning';
  const versions = new Set<string>();
  for (const p of workload.pods)
    if (p.proxyVersion) versions.add(p.proxyVersion);
  return {
    pods: workload.pods.length,
    withSidecar: workload.pods.filter(p => p.sidecar.injected).length,
    mismatches: workload.pods.filter(
      p => p.sidecar.injected !== p.sidecar.expected,
    ).length,
    proxyVersions: [...versions].sort(),
    replicaHealth,
  };
}
