import { MeshIndex } from '../index/MeshIndex';
import { Attachable, IstioObject, namespaceOf, targetRefsOf } from '../model/common';
import { GATEWAY_API_GROUP, GATEWAY_NAME_LABEL } from '../model/gatewayApi';
import { compareByCreation } from '../index/sortByCreation';

/** The workload a policy could apply to. */
export interface PolicyTarget {
  namespace: string;
  labels: Record<string, string>;
  /** The Service the request was addressed to, for `targetRefs` of kind Service. */
  service?: { namespace: string; name: string };
}

export type AttachScope = 'workload' | 'namespace' | 'mesh' | 'target-ref';

export interface AttachedPolicy<T> {
  policy: T;
  scope: AttachScope;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

function targetRefHits(spec: Attachable, policyNs: string, t: PolicyTarget): boolean {
  return targetRefsOf(spec).some(ref => {
    const ns = ref.namespace ?? policyNs;
    const group = ref.group ?? '';
    if (ref.kind === 'Gateway' && group === GATEWAY_API_GROUP) {
      return ns === t.namespace && t.labels[GATEWAY_NAME_LABEL] === ref.name;
    }
    if (ref.kind === 'Service' && (group === '' || group === 'core')) {
      return t.service !== undefined && t.service.namespace === ns && t.service.name === ref.name;
    }
    return false;
  });
}

/** Per-index memo of selectPolicies answers, dropped whenever the index changes. */
const caches = new WeakMap<MeshIndex, { generation: number; entries: Map<string, unknown> }>();

/**
 * The policies of one kind that attach to a workload, oldest first: those in its namespace that
 * select it (or have no selector), those in the root namespace without a selector (mesh-wide),
 * and those attached by `targetRefs`. `rootSelectorsMeshWide` says whether a root-namespace
 * policy with a selector reaches workloads in other namespaces: true for AuthorizationPolicy,
 * false for PeerAuthentication and RequestAuthentication, whose root selectors stay in the root.
 */
export function selectPolicies<T extends IstioObject<Attachable>>(
  index: MeshIndex,
  kind: string,
  target: PolicyTarget,
  rootSelectorsMeshWide: boolean,
): Array<AttachedPolicy<T>> {
  // Many requests hit workloads with the same labels; the answer only changes with the index.
  let cache = caches.get(index);
  if (!cache || cache.generation !== index.generation) {
    cache = { generation: index.generation, entries: new Map() };
    caches.set(index, cache);
  }
  const key = cacheKey(kind, target, rootSelectorsMeshWide);
  const hit = cache.entries.get(key);
  if (hit) return hit as Array<AttachedPolicy<T>>;
  const result = computePolicies<T>(index, kind, target, rootSelectorsMeshWide);
  if (cache.entries.size > 50_000) cache.entries.clear();
  cache.entries.set(key, result);
  return result;
}

function cacheKey(kind: string, t: PolicyTarget, meshWide: boolean): string {
  const labels = Object.keys(t.labels)
    .sort()
    .map(k => `${k}=${t.labels[k]}`)
    .join('\u0001');
  return `${kind}\u0000${t.namespace}\u0000${labels}\u0000${t.service ? `${t.service.namespace}/${t.service.name}` : ''}\u0000${meshWide}`;
}

function computePolicies<T extends IstioObject<Attachable>>(
  index: MeshIndex,
  kind: string,
  target: PolicyTarget,
  rootSelectorsMeshWide: boolean,
): Array<AttachedPolicy<T>> {
  const out: Array<AttachedPolicy<T>> = [];
  const consider = (policy: T, inRoot: boolean) => {
    const spec = policy.spec ?? {};
    if (targetRefsOf(spec).length > 0) {
      if (targetRefHits(spec, namespaceOf(policy), target)) out.push({ policy, scope: 'target-ref' });
      return;
    }
    const selector = spec.selector?.matchLabels;
    const hasSelector = selector !== undefined && Object.keys(selector).length > 0;
    if (!hasSelector) {
      out.push({ policy, scope: inRoot ? 'mesh' : 'namespace' });
      return;
    }
    if (inRoot && !rootSelectorsMeshWide && target.namespace !== index.rootNamespace) return;
    if (selects(selector, target.labels)) out.push({ policy, scope: 'workload' });
  };
  for (const p of index.inNamespace<T>(kind, target.namespace)) consider(p, target.namespace === index.rootNamespace);
  if (target.namespace !== index.rootNamespace) {
    for (const p of index.inNamespace<T>(kind, index.rootNamespace)) consider(p, true);
  }
  // A policy attached to a Service lives in the Service's namespace, which may differ.
  const svcNs = target.service?.namespace;
  if (svcNs && svcNs !== target.namespace && svcNs !== index.rootNamespace) {
    for (const p of index.inNamespace<T>(kind, svcNs)) if (targetRefsOf(p.spec ?? {}).length > 0) consider(p, false);
  }
  out.sort((a, b) => compareByCreation(a.policy, b.policy));
  return out;
}
