import { MeshIndex } from '../index/MeshIndex';
import {
  Attachable,
  IstioObject,
  namespaceOf,
  targetRefsOf,
} from '../model/common';
import { GATEWAY_API_GROUP, GATEWAY_NAME_LABEL } from '../model/gatewayApi';
import { compareByCreation } from '../index/sortByCreation';
import { indexMemo, labelsKey } from './indexMemo';

/** The workload a policy could apply to. */
export interface PolicyTarget {
  namespace: string;
  labels: Record<string, string>;
  /** The Service the request was addressed to, for `targetRefs` of kind Service. */
  service?: { namespace: string; name: string };
  /** Only this cluster's policies (the overview's per-cluster view); every cluster's when unset. */
  cluster?: string;
}

/** Sidecar and EnvoyFilter select workloads with `workloadSelector.labels` instead of `selector.matchLabels`. */
interface WorkloadSelected {
  workloadSelector?: { labels?: Record<string, string> };
}

export type AttachScope = 'workload' | 'namespace' | 'mesh' | 'target-ref';

export interface AttachedPolicy<T> {
  policy: T;
  scope: AttachScope;
}

function selects(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

function targetRefHits(
  spec: Attachable,
  policyNs: string,
  t: PolicyTarget,
): boolean {
  return targetRefsOf(spec).some(ref => {
    const ns = ref.namespace ?? policyNs;
    const group = ref.group ?? '';
    if (ref.kind === 'Gateway' && group === GATEWAY_API_GROUP) {
      return ns === t.namespace && t.labels[GATEWAY_NAME_LABEL] === ref.name;
    }
    if (ref.kind === 'Service' && (group === '' || group === 'core')) {
      return (
        t.service !== undefined &&
        t.service.namespace === ns &&
        t.service.name === ref.name
      );
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
  const service = target.service
    ? `${target.service.namespace}/${target.service.name}`
    : '';
  const cluster = target.cluster === undefined ? '' : `\u0000${target.cluster}`;
  const key = `${kind}\u0000${target.namespace}\u0000${labelsKey(target.labels)}\u0000${service}\u0000${rootSelectorsMeshWide}${cluster}`;
  return memo(index, key, () =>
    computePolicies<T>(index, kind, target, rootSelectorsMeshWide),
  ) as Array<AttachedPolicy<T>>;
}

/** A namespace's policies of one kind, sorted oldest first and split by how they attach. */
interface NamespacePolicies {
  /** No selector and no targetRefs: the whole namespace (or, in the root namespace, the mesh). */
  wide: Array<IstioObject<Attachable>>;
  /** With a selector: only workloads whose labels it selects. */
  selected: Array<{
    policy: IstioObject<Attachable>;
    selector: Record<string, string>;
  }>;
  /** With targetRefs: Gateways or Services. */
  targeted: Array<IstioObject<Attachable>>;
}

const partitions = indexMemo<NamespacePolicies>();

/** Built once per kind, namespace and index generation: every workload of the namespace reads it. */
function partitionOf(
  index: MeshIndex,
  kind: string,
  namespace: string,
  cluster: string | undefined,
): NamespacePolicies {
  const key =
    cluster === undefined
      ? `${kind}\u0000${namespace}`
      : `${kind}\u0000${namespace}\u0000${cluster}`;
  return partitions(index, key, () => {
    const out: NamespacePolicies = { wide: [], selected: [], targeted: [] };
    const policies = index
      .inNamespace<IstioObject<Attachable>>(kind, namespace, cluster)
      .sort(compareByCreation);
    for (const policy of policies) {
      const spec = policy.spec ?? {};
      if (targetRefsOf(spec).length > 0) out.targeted.push(policy);
      else {
        const selector =
          spec.selector?.matchLabels ??
          (spec as WorkloadSelected).workloadSelector?.labels;
        if (selector !== undefined && Object.keys(selector).length > 0)
          out.selected.push({ policy, selector });
        else out.wide.push(policy);
      }
    }
    return out;
  });
}

function computePolicies<T extends IstioObject<Attachable>>(
  index: MeshIndex,
  kind: string,
  target: PolicyTarget,
  rootSelectorsMeshWide: boolean,
): Array<AttachedPolicy<T>> {
  const out: Array<AttachedPolicy<T>> = [];
  const root = index.rootNamespace;
  const add = (
    part: NamespacePolicies,
    inRoot: boolean,
    selectorsApply: boolean,
    onlyTargeted = false,
  ) => {
    if (!onlyTargeted) {
      for (const policy of part.wide)
        out.push({ policy: policy as T, scope: inRoot ? 'mesh' : 'namespace' });
      if (selectorsApply)
        for (const { policy, selector } of part.selected)
          if (selects(selector, target.labels))
            out.push({ policy: policy as T, scope: 'workload' });
    }
    for (const policy of part.targeted)
      if (targetRefHits(policy.spec ?? {}, namespaceOf(policy), target))
        out.push({ policy: policy as T, scope: 'target-ref' });
  };
  const inRootItself = target.namespace === root;
  add(
    partitionOf(index, kind, target.namespace, target.cluster),
    inRootItself,
    true,
  );
  if (!inRootItself)
    add(
      partitionOf(index, kind, root, target.cluster),
      true,
      rootSelectorsMeshWide,
    );
  // A policy attached to a Service lives in the Service's namespace, which may differ.
  const svcNs = target.service?.namespace;
  if (svcNs && svcNs !== target.namespace && svcNs !== root)
    add(partitionOf(index, kind, svcNs, target.cluster), false, false, true);
  out.sort((a, b) => compareByCreation(a.policy, b.policy));
  return out;
}
