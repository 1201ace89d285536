import { Namespace, Pod } from '../kube/types';

/** Which input decided whether a pod is (or should be) injected, in Istio's order of precedence. */
export type InjectionSource =
  | 'pod-label'
  | 'pod-annotation'
  | 'namespace-injection-label'
  | 'namespace-revision-label'
  | 'pod-revision-label'
  | 'none';

export interface SidecarStatus {
  /** The pod actually runs an istio-proxy container. */
  injected: boolean;
  /** What Istio's injector would decide for this pod now. */
  expected: boolean;
  decidedBy: InjectionSource;
  /** Control-plane revision that injected (or would inject) the pod, when known. */
  revision?: string;
  /** One sentence a developer can read: why the pod has or lacks a sidecar. */
  reason: string;
  /** Set when `injected` and `expected` disagree: what to do about it. */
  repair?: string;
}

const INJECT = 'sidecar.istio.io/inject';
const REV = 'istio.io/rev';
const NS_INJECTION = 'istio-injection';

function isTrue(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return v === 'true' || v === 'enabled' || v === 'yes' || v === 'y';
}

export function hasSidecar(pod: Pod): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.some(c => c.name === 'istio-proxy');
}

/** Proxy version from the istio-proxy image tag, e.g. `docker.io/istio/proxyv2:1.27.1` → `1.27.1`. */
export function proxyVersion(pod: Pod): string | undefined {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const image = all.find(c => c.name === 'istio-proxy')?.image;
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
}

function injectedRevision(pod: Pod): string | undefined {
  const status = pod.metadata.annotations?.['sidecar.istio.io/status'];
  if (status) {
    try {
      const parsed = JSON.parse(status) as { revision?: unknown };
      if (typeof parsed.revision === 'string') return parsed.revision;
    } catch {
      // A malformed status annotation is not ours to reject; fall back to labels.
    }
  }
  return pod.metadata.labels?.[REV];
}

interface Decision {
  expected: boolean;
  decidedBy: InjectionSource;
  revision?: string;
  why: string;
}

/**
 * Istio's injection policy, as its webhooks apply it: a namespace with
 * `istio-injection=disabled` is never injected; otherwise the pod's `sidecar.istio.io/inject`
 * label (or the legacy annotation, which the label overrides) decides; otherwise the namespace's
 * `istio-injection=enabled` or `istio.io/rev` label (istio-injection wins when both are set),
 * or the pod's own `istio.io/rev` label.
 */
export function decideInjection(pod: Pod, namespace: Namespace | undefined): Decision {
  const nsLabels = namespace?.metadata.labels ?? {};
  const podLabels = pod.metadata.labels ?? {};
  const podAnnotations = pod.metadata.annotations ?? {};
  const nsName = pod.metadata.namespace ?? namespace?.metadata.name ?? 'default';

  if (nsLabels[NS_INJECTION] === 'disabled') {
    return { expected: false, decidedBy: 'namespace-injection-label', why: `namespace ${nsName} has istio-injection=disabled` };
  }
  const nsRevision = nsLabels[NS_INJECTION] === 'enabled' ? 'default' : nsLabels[REV];
  const podRevision = podLabels[REV];
  const revision = nsRevision ?? podRevision ?? 'default';

  const label = isTrue(podLabels[INJECT]);
  if (label !== undefined) {
    return {
      expected: label,
      decidedBy: 'pod-label',
      revision: label ? revision : undefined,
      why: `pod label ${INJECT}=${podLabels[INJECT]}`,
    };
  }
  const annotation = isTrue(podAnnotations[INJECT]);
  if (annotation === false) {
    return { expected: false, decidedBy: 'pod-annotation', why: `pod annotation ${INJECT}=${podAnnotations[INJECT]}` };
  }
  if (nsLabels[NS_INJECTION] === 'enabled') {
    return { expected: true, decidedBy: 'namespace-injection-label', revision: 'default', why: `namespace ${nsName} has istio-injection=enabled` };
  }
  if (nsLabels[REV]) {
    return { expected: true, decidedBy: 'namespace-revision-label', revision: nsLabels[REV], why: `namespace ${nsName} has istio.io/rev=${nsLabels[REV]}` };
  }
  if (podRevision) {
    return { expected: true, decidedBy: 'pod-revision-label', revision: podRevision, why: `pod label istio.io/rev=${podRevision}` };
  }
  return {
    expected: false,
    decidedBy: 'none',
    why: `neither namespace ${nsName} nor the pod asks for injection`,
  };
}

/** Explains a running pod's sidecar: present or not, why, and how to repair a mismatch. */
export function explainSidecar(pod: Pod, namespace: Namespace | undefined): SidecarStatus {
  const injected = hasSidecar(pod);
  const d = decideInjection(pod, namespace);
  const revision = injected ? injectedRevision(pod) ?? d.revision : d.revision;
  let reason: string;
  let repair: string | undefined;
  if (injected && d.expected) {
    reason = `Injected because ${d.why}.`;
  } else if (!injected && !d.expected) {
    reason = `Not injected because ${d.why}.`;
  } else if (!injected && d.expected) {
    reason = `No sidecar, although ${d.why}.`;
    repair =
      'The pod was probably created before injection was enabled, or the injector webhook was unavailable: restart the workload (kubectl rollout restart) to inject it.';
  } else {
    reason = `Has a sidecar, although ${d.why}.`;
    repair =
      'Injection was disabled after the pod started: restart the workload to remove the sidecar, or re-enable injection.';
  }
  return { injected, expected: d.expected, decidedBy: d.decidedBy, revision, reason, repair };
}
