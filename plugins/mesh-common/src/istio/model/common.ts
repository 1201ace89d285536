import { KubeObject } from '../../kube/types';

/** Istio's StringMatch: exactly one of these is set. An empty object matches any present value. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** Istio's WorkloadSelector (`selector` in security kinds, Telemetry, WasmPlugin). */
export interface WorkloadSelector {
  matchLabels?: Record<string, string>;
}

/** A `targetRef`/`targetRefs` entry (Gateway API PolicyTargetReference). */
export interface PolicyTargetReference {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Specs that may select workloads by label or attach to Gateway API objects. */
export interface Attachable {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
}

/** A namespaced Istio resource with a typed spec. */
export type IstioObject<Spec> = KubeObject<Spec, unknown>;

/**
 * The namespace an object lives in. kubectl puts objects written without one in `default`,
 * so the index and every engine treat them the same way.
 */
export function namespaceOf(object: Pick<KubeObject, 'metadata'>): string {
  return object.metadata.namespace ?? 'default';
}

/** `{ namespace, name }` for results that name a resource. */
export function refOf(object: Pick<KubeObject, 'metadata'>): {
  namespace: string;
  name: string;
} {
  return { namespace: namespaceOf(object), name: object.metadata.name };
}

/** All targetRefs of a spec, whether written as the singular legacy field or the list. */
export function targetRefsOf(
  spec: Attachable | undefined,
): PolicyTargetReference[] {
  if (!spec || (!spec.targetRef && !spec.targetRefs)) return [];
  if (!spec.targetRef) return spec.targetRefs ?? [];
  return [spec.targetRef, ...(spec.targetRefs ?? [])];
}

/** The API group of a Kubernetes `apiVersion` (`networking.istio.io/v1` → `networking.istio.io`; `v1` → ``). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
