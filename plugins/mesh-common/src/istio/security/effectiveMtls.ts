import { Pod } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import { MtlsMode, PeerAuthentication } from '../model/security';
import { selectPolicies } from './selectPolicies';
import { MtlsDecision, SecurityStep, WorkloadRef } from './types';
import { indexMemo, labelsKey } from './indexMemo';

export function workloadLabels(
  index: MeshIndex,
  w: WorkloadRef,
): { labels: Record<string, string>; pod?: Pod } {
  if (w.pod) {
    const pod = index.get<Pod>('Pod', w.namespace, w.pod);
    if (pod) return { labels: pod.metadata.labels ?? {}, pod };
  }
  return { labels: w.labels ?? {} };
}

const memo = indexMemo<MtlsDecision>();

function named(p: PeerAuthentication): string {
  return `${namespaceOf(p)}/${p.metadata.name}`;
}

/**
 * The mTLS mode a workload's sidecar enforces on a port, as Istio resolves PeerAuthentication:
 * a port-level setting of the workload's policy, else the workload policy, else the namespace
 * policy, else the mesh policy in the root namespace, else PERMISSIVE. UNSET at any level
 * inherits from the next. When several policies compete at one level, Istio takes the oldest.
 * `port` is the workload's (target) port, which is what portLevelMtls is keyed by.
 */
export function effectiveMtls(
  index: MeshIndex,
  workload: WorkloadRef,
  port?: number,
): MtlsDecision {
  const cached = sharedMtlsDecision(
    index,
    workload.namespace,
    workloadLabels(index, workload).labels,
    port,
  );
  // Callers get their own arrays; the memoised decision stays intact.
  return {
    ...cached,
    conflicts: [...cached.conflicts],
    steps: [...cached.steps],
  };
}

/** The memoised decision itself, for engines that only read it (no copies per request). */
export function sharedMtlsDecision(
  index: MeshIndex,
  namespace: string,
  labels: Record<string, string>,
  port?: number,
): Readonly<MtlsDecision> {
  return memo(
    index,
    `${namespace}\u0000${labelsKey(labels)}\u0000${port ?? ''}`,
    () => computeMtls(index, namespace, labels, port),
  );
}

function computeMtls(
  index: MeshIndex,
  namespace: string,
  labels: Record<string, string>,
  port: number | undefined,
): MtlsDecision {
  const attached = selectPolicies<PeerAuthentication>(
    index,
    'PeerAuthentication',
    { namespace, labels },
    false,
  );
  const steps: SecurityStep[] = [];
  const conflicts: string[] = [];
  const pick = (scope: 'workload' | 'namespace' | 'mesh') => {
    const list = attached.filter(a => a.scope === scope).map(a => a.policy);
    if (list.length > 1) {
      conflicts.push(
        `${list.length} ${scope}-level PeerAuthentications apply (${list.map(named).join(', ')}); Istio uses the oldest, ${named(list[0])}`,
      );
    }
    return list[0];
  };
  const workloadPolicy = pick('workload');
  const nsPolicy = pick('namespace');
  const meshPolicy = pick('mesh');

  const decide = (
    mode: MtlsMode | undefined,
    level: MtlsDecision['level'],
    p: PeerAuthentication | undefined,
  ): MtlsDecision | undefined => {
    if (!p) return undefined;
    if (!mode || mode === 'UNSET') {
      steps.push({
        kind: 'inherit',
        message: `${level === 'port' ? `port ${port} of ` : ''}PeerAuthentication ${named(p)} leaves mTLS UNSET; inheriting`,
        policy: refOf(p),
      });
      return undefined;
    }
    steps.push({
      kind: 'decided',
      message: `${level}-level PeerAuthentication ${named(p)} sets ${mode}${level === 'port' ? ` on port ${port}` : ''}`,
      policy: refOf(p),
    });
    return { mode, level, policy: refOf(p), conflicts, steps };
  };

  const portMode =
    port !== undefined
      ? workloadPolicy?.spec?.portLevelMtls?.[String(port)]?.mode
      : undefined;
  if (nsPolicy?.spec?.portLevelMtls || meshPolicy?.spec?.portLevelMtls) {
    steps.push({
      kind: 'ignored',
      message: 'portLevelMtls without a workload selector is ignored by Istio',
    });
  }
  return (
    (port !== undefined && workloadPolicy?.spec?.portLevelMtls?.[String(port)]
      ? decide(portMode, 'port', workloadPolicy)
      : undefined) ??
    decide(workloadPolicy?.spec?.mtls?.mode, 'workload', workloadPolicy) ??
    decide(nsPolicy?.spec?.mtls?.mode, 'namespace', nsPolicy) ??
    decide(meshPolicy?.spec?.mtls?.mode, 'mesh', meshPolicy) ?? {
      mode: 'PERMISSIVE',
      level: 'default',
      policy: null,
      conflicts,
      steps: [
        ...steps,
        {
          kind: 'decided',
          message:
            'no PeerAuthentication sets a mode: Istio defaults to PERMISSIVE',
        },
      ],
    }
  );
}
