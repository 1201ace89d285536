import { Namespace, Pod } from '../kube/types';
import {
  decideInjection,
  InjectionSource,
  REVISION_LABEL,
} from '../istio/injection/decideInjection';
import { InjectorSetup } from '../istio/injection/injectorSetup';

export interface SidecarStatus {
  /** The pod actually runs an istio-proxy container. */
  injected: boolean;
  /** What Istio's injector would decide for this pod now. */
  expected: boolean;
  decidedBy: InjectionSource;
  /** Control-plane revision that injected (or would inject) the pod, when known. */
  revision?: string;
  /** The revision the injector would use now, when it would inject (differs from `revision` after an upgrade). */
  expectedRevision?: string;
  /** The revision tag the deciding `istio.io/rev` label named, when it named one. */
  tag?: string;
  /** The injector webhook that selects the pod, when webhook configurations are known. */
  webhook?: string;
  /** One sentence a developer can read: why the pod has or lacks a sidecar. */
  reason: string;
  /** Set when `injected` and `expected` disagree (or the pod runs an older revision): what to do about it. */
  repair?: string;
}

const STATUS_ANNOTATION = 'sidecar.istio.io/status';

export function hasSidecar(pod: Pod): boolean {
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ];
  return all.some(c => c.name === 'istio-proxy');
}

/** Proxy version from the istio-proxy image tag, e.g. `docker.io/istio/proxyv2:1.27.1` → `1.27.1`. */
export function proxyVersion(pod: Pod): string | undefined {
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ];
  const image = all.find(c => c.name === 'istio-proxy')?.image;
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
}

/** The revision the injector wrote into the pod's status annotation. */
function statusRevision(pod: Pod): string | undefined {
  const status = pod.metadata.annotations?.[STATUS_ANNOTATION];
  if (status) {
    try {
      const parsed = JSON.parse(status) as { revision?: unknown };
      if (typeof parsed.revision === 'string') return parsed.revision;
    } catch {
      // A malformed status annotation is not ours to reject; fall back to labels.
    }
  }
  return undefined;
}

/**
 * Explains a running pod's sidecar: present or not, why, and how to repair a mismatch. With the
 * cluster's injector setup it decides as the webhooks do (revision tags resolved); without it, from
 * labels alone.
 */
export function explainSidecar(
  pod: Pod,
  namespace: Namespace | undefined,
  setup?: InjectorSetup,
): SidecarStatus {
  const injected = hasSidecar(pod);
  const d = decideInjection(pod, namespace, setup);
  const fromStatus = statusRevision(pod);
  const labelled = pod.metadata.labels?.[REVISION_LABEL];
  // A pod's istio.io/rev label may name a tag; the setup knows which revision that is.
  const fromLabel =
    labelled !== undefined ? (setup?.tags[labelled] ?? labelled) : undefined;
  const revision = injected
    ? (fromStatus ?? fromLabel ?? d.revision)
    : d.revision;
  let reason: string;
  let repair: string | undefined;
  if (injected && d.expected) {
    // Only the injector's own record is trusted for the running revision: a pod label may name a tag.
    if (setup && fromStatus && d.revision && fromStatus !== d.revision) {
      reason = `Injected by revision ${fromStatus}, although ${d.why}.`;
      repair = `Restart the workload (kubectl rollout restart) to move its sidecar to revision ${d.revision}.`;
    } else {
      reason = `Injected because ${d.why}.`;
    }
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
  const status: SidecarStatus = {
    injected,
    expected: d.expected,
    decidedBy: d.decidedBy,
    revision,
    reason,
    repair,
  };
  if (d.expected && d.revision) status.expectedRevision = d.revision;
  if (d.tag) status.tag = d.tag;
  if (d.webhook) status.webhook = d.webhook;
  return status;
}
