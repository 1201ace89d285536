import { MeshIndex } from '../index/MeshIndex';
import { Attachable, IstioObject, namespaceOf, targetRefsOf } from '../model/common';
import { GATEWAY_API_GROUP, GATEWAY_NAME_LABEL } from '../model/gatewayApi';
import { compareByCreation } from '../index/sortByCreation';
import { indexMemo, labelsKey } from './indexMemo';

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

const memo = indexMemo<Array<AttachedPolicy<IstioObject<Attachable>>>>();

/**
 * The policies of one kind that attach to a workload, oldest first: those in its namespace that
 * select it (or have no selector), those in the root namespace without a selector (mesh-wide),
 * and those attached by `targetRefs`. `rootSelectorsMeshWide` says whether a root-namespace
 * policy with a selector reaches workloads in other namespaces: true for AuthorizationPolicy,
 * false for PeerAuthentication and RequestAuthentication, whose root selectors stay in the root.
 * Answers are memoised per index generation (many requests hit workloads with the same labels);
 * treat the returned list as read-only.
 */
export function selectPolicies<T extends IstioObject<Attachable>>(
  index: MeshIndex,
  kind: string,
  target: PolicyTarget,
  rootSelectorsMeshWide: boolean,
): Array<AttachedPolicy<T>> {
  const service = target.service ? `${target.service.namespace}/${target.service.name}` : '';
  const key = `${kind}\u0000${target.namespace}\u0000${labelsKey(target.labels)}\u0000${service}\u0000${rootSelectorsMeshWide}`;
  return memo(index, key, () => computePolicies<T>(index, kind, target, rootSelectorsMeshWide)) as Array<AttachedPolicy<T>>;
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
