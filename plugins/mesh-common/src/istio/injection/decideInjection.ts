import { Namespace, Pod } from '../../kube/types';
import { InjectorSetup } from './injectorSetup';

/** Which input decided whether a pod is (or should be) injected, in Istio's order of precedence. */
export type InjectionSource =
  | 'pod-label'
  | 'pod-annotation'
  | 'namespace-injection-label'
  | 'namespace-revision-label'
  | 'pod-revision-label'
  | 'host-network'
  | 'ignored-namespace'
  | 'none';

export interface InjectionDecision {
  /** Whether Istio's injector would add a sidecar to this pod now. */
  expected: boolean;
  decidedBy: InjectionSource;
  /** The control-plane revision that would inject (set when `expected`). */
  revision?: string;
  /** The revision tag the deciding `istio.io/rev` label named, when it named a tag. */
  tag?: string;
  /** The injector webhook that selects the pod (e.g. `rev.namespace.sidecar-injector.istio.io`), when one does. */
  webhook?: string;
  /** Half a sentence a developer can read: what decided, e.g. `namespace shop has istio-injection=enabled`. */
  why: string;
}

export const INJECTION_NAMESPACE_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const INJECT_LABEL = 'sidecar.istio.io/inject';

/** Namespaces Istio's injector always skips (pkg/kube/inject IgnoredNamespaces). */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);

type Labels = Record<string, string>;
const has = (labels: Labels, key: string) =>
  Object.prototype.hasOwnProperty.call(labels, key);

/** The values of `sidecar.istio.io/inject` Istio's injector reads as "inject" (case-insensitive). */
const ISTIO_TRUE = new Set(['y', 'yes', 'true', 'on']);

/** Truthy spellings the label-only reading accepts. */
function isTrue(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return ['true', 'enabled', 'yes', 'y', 'on'].includes(v.toLowerCase());
}

interface Webhook {
  name: string;
  source: InjectionSource;
  revision: string;
  tag?: string;
  /** What the webhook selected on, for the sentence. */
  selected: string;
}

/**
 * The injector webhook Kubernetes calls for a pod, in the order Istio's charts define them: per
 * revision and tag `rev.namespace` (namespace `istio.io/rev=<value>` and no `istio-injection`) and
 * `rev.object` (pod `istio.io/rev=<value>`, namespace with neither label); then the default
 * `namespace` (`istio-injection=enabled`) and `object` (pod `sidecar.istio.io/inject=true`, no
 * `istio.io/rev` anywhere) webhooks. A pod labelled `sidecar.istio.io/inject=false` is excluded
 * by every webhook's object selector.
 */
function matchingWebhook(
  setup: InjectorSetup,
  ns: Labels,
  pod: Labels,
  nsName: string,
): Webhook | undefined {
  if (pod[INJECT_LABEL] === 'false') return undefined;
  const nsRev = ns[REVISION_LABEL];
  const podRev = pod[REVISION_LABEL];
  const resolve = (
    value: string,
  ): { revision: string; tag?: string } | undefined => {
    if (setup.revisions.includes(value)) return { revision: value };
    if (setup.tags[value] !== undefined)
      return { revision: setup.tags[value], tag: value };
    return undefined;
  };
  if (nsRev !== undefined && !has(ns, INJECTION_NAMESPACE_LABEL)) {
    const r = resolve(nsRev);
    if (r)
      return {
        name: 'rev.namespace.sidecar-injector.istio.io',
        source: 'namespace-revision-label',
        ...r,
        selected: `namespace ${nsName} has ${REVISION_LABEL}=${nsRev}`,
      };
  }
  if (
    podRev !== undefined &&
    nsRev === undefined &&
    !has(ns, INJECTION_NAMESPACE_LABEL)
  ) {
    const r = resolve(podRev);
    if (r)
      return {
        name: 'rev.object.sidecar-injector.istio.io',
        source: 'pod-revision-label',
        ...r,
        selected: `pod label ${REVISION_LABEL}=${podRev}`,
      };
  }
  const def = setup.defaultRevision;
  if (def === undefined) return undefined;
  if (ns[INJECTION_NAMESPACE_LABEL] === 'enabled') {
    return {
      name: 'namespace.sidecar-injector.istio.io',
      source: 'namespace-injection-label',
      revision: def,
      selected: `namespace ${nsName} has ${INJECTION_NAMESPACE_LABEL}=enabled`,
    };
  }
  if (
    pod[INJECT_LABEL] === 'true' &&
    !has(ns, INJECTION_NAMESPACE_LABEL) &&
    nsRev === undefined &&
    podRev === undefined
  ) {
    return {
      name: 'object.sidecar-injector.istio.io',
      source: 'pod-label',
      revision: def,
      selected: `pod label ${INJECT_LABEL}=true`,
    };
  }
  return undefined;
}

function servedBy(setup: InjectorSetup, w: Webhook): string {
  if (w.tag !== undefined)
    return `revision tag ${w.tag} → revision ${w.revision}`;
  if (w.source === 'namespace-injection-label' || w.source === 'pod-label') {
    return setup.defaultFrom === 'tag'
      ? `the default tag → revision ${w.revision}`
      : `the default revision`;
  }
  return `revision ${w.revision}`;
}

const NO_DEFAULT =
  'no default revision and no "default" revision tag is installed';

/** Why no webhook selects the pod, naming the label that would have asked and what is missing. */
function whyNoWebhook(
  setup: InjectorSetup,
  ns: Labels,
  pod: Labels,
  nsName: string,
): Pick<InjectionDecision, 'decidedBy' | 'why'> {
  const nsInjection = ns[INJECTION_NAMESPACE_LABEL];
  const known =
    [...setup.revisions, ...Object.keys(setup.tags)].sort().join(', ') ||
    'none';
  if (nsInjection === 'disabled')
    return {
      decidedBy: 'namespace-injection-label',
      why: `namespace ${nsName} has ${INJECTION_NAMESPACE_LABEL}=disabled`,
    };
  if (pod[INJECT_LABEL] === 'false')
    return { decidedBy: 'pod-label', why: `pod label ${INJECT_LABEL}=false` };
  if (nsInjection === 'enabled') {
    return {
      decidedBy: 'namespace-injection-label',
      why: `namespace ${nsName} has ${INJECTION_NAMESPACE_LABEL}=enabled, but no webhook serves ${INJECTION_NAMESPACE_LABEL}=enabled (${NO_DEFAULT})`,
    };
  }
  if (nsInjection !== undefined) {
    return {
      decidedBy: 'namespace-injection-label',
      why: `namespace ${nsName} has ${INJECTION_NAMESPACE_LABEL}=${nsInjection}, which no webhook selects (only "enabled" asks for injection)`,
    };
  }
  if (ns[REVISION_LABEL] !== undefined) {
    return {
      decidedBy: 'namespace-revision-label',
      why: `namespace ${nsName} has ${REVISION_LABEL}=${ns[REVISION_LABEL]}, but no control-plane revision or revision tag of that name is installed (installed: ${known})`,
    };
  }
  if (pod[REVISION_LABEL] !== undefined) {
    return {
      decidedBy: 'pod-revision-label',
      why: `pod label ${REVISION_LABEL}=${pod[REVISION_LABEL]} names no installed control-plane revision or revision tag (installed: ${known})`,
    };
  }
  if (pod[INJECT_LABEL] === 'true') {
    return {
      decidedBy: 'pod-label',
      why: `pod label ${INJECT_LABEL}=true, but no webhook serves it (${NO_DEFAULT})`,
    };
  }
  return {
    decidedBy: 'none',
    why: `neither namespace ${nsName} nor the pod asks for injection`,
  };
}

/**
 * Whether Istio would inject a pod, as its webhooks decide. First the webhook configurations'
 * namespace and object selectors choose which injector (if any) Kubernetes calls — that is where
 * `istio-injection`, `istio.io/rev` (tags resolved to their revision) and the
 * `sidecar.istio.io/inject` label act; then that injector skips host-network pods and the
 * kube-system and kube-public namespaces, and applies its policy, where the
 * `sidecar.istio.io/inject` label (or else the legacy annotation) can still opt the pod out.
 *
 * Without a setup (no webhook configuration known, e.g. YAML files), it decides from labels alone,
 * assuming a default revision serves `istio-injection=enabled` and every named revision exists.
 */
export function decideInjection(
  pod: Pod,
  namespace: Namespace | undefined,
  setup?: InjectorSetup,
): InjectionDecision {
  if (!setup) return decideFromLabels(pod, namespace);
  const nsLabels = namespace?.metadata.labels ?? {};
  const podLabels = pod.metadata.labels ?? {};
  const annotations = pod.metadata.annotations ?? {};
  const nsName =
    pod.metadata.namespace ?? namespace?.metadata.name ?? 'default';

  const webhook = matchingWebhook(setup, nsLabels, podLabels, nsName);
  if (!webhook)
    return {
      expected: false,
      ...whyNoWebhook(setup, nsLabels, podLabels, nsName),
    };
  const found = { webhook: webhook.name, tag: webhook.tag };
  const by = `${webhook.selected} (webhook ${webhook.name}, ${servedBy(setup, webhook)})`;
  if (pod.spec?.hostNetwork)
    return {
      expected: false,
      decidedBy: 'host-network',
      ...found,
      why: `the pod uses host networking, which the injector skips although ${by}`,
    };
  if (IGNORED_NAMESPACES.has(nsName))
    return {
      expected: false,
      decidedBy: 'ignored-namespace',
      ...found,
      why: `the injector always skips namespace ${nsName}`,
    };
  // The label is the newer API; when both are set Istio reads the label. Empty means the
  // injector's policy (enabled); only YAML 1.1 truthy spellings keep injection on, anything
  // else opts out (pkg/kube/inject injectRequired).
  const fromLabel = has(podLabels, INJECT_LABEL);
  const choice = fromLabel
    ? podLabels[INJECT_LABEL]
    : (annotations[INJECT_LABEL] ?? '');
  if (choice !== '' && !ISTIO_TRUE.has(choice.toLowerCase())) {
    const where = fromLabel ? 'label' : 'annotation';
    return {
      expected: false,
      decidedBy: fromLabel ? 'pod-label' : 'pod-annotation',
      ...found,
      why: `pod ${where} ${INJECT_LABEL}=${choice} opts out although ${by}`,
    };
  }
  return {
    expected: true,
    decidedBy: webhook.source,
    revision: webhook.revision,
    ...found,
    why: by,
  };
}

/**
 * The label-only reading, for input without webhook configurations: `istio-injection=disabled`
 * never injects; the pod label (over the legacy annotation) decides next; then the namespace's
 * `istio-injection=enabled` or `istio.io/rev` (istio-injection wins), then the pod's `istio.io/rev`.
 */
function decideFromLabels(
  pod: Pod,
  namespace: Namespace | undefined,
): InjectionDecision {
  const nsLabels = namespace?.metadata.labels ?? {};
  const podLabels = pod.metadata.labels ?? {};
  const podAnnotations = pod.metadata.annotations ?? {};
  const nsName =
    pod.metadata.namespace ?? namespace?.metadata.name ?? 'default';

  if (nsLabels[INJECTION_NAMESPACE_LABEL] === 'disabled') {
    return {
      expected: false,
      decidedBy: 'namespace-injection-label',
      why: `namespace ${nsName} has istio-injection=disabled`,
    };
  }
  const nsRevision =
    nsLabels[INJECTION_NAMESPACE_LABEL] === 'enabled'
      ? 'default'
      : nsLabels[REVISION_LABEL];
  const podRevision = podLabels[REVISION_LABEL];
  const revision = nsRevision ?? podRevision ?? 'default';

  const label = isTrue(podLabels[INJECT_LABEL]);
  if (label !== undefined) {
    return {
      expected: label,
      decidedBy: 'pod-label',
      revision: label ? revision : undefined,
      why: `pod label ${INJECT_LABEL}=${podLabels[INJECT_LABEL]}`,
    };
  }
  const annotation = isTrue(podAnnotations[INJECT_LABEL]);
  if (annotation === false) {
    return {
      expected: false,
      decidedBy: 'pod-annotation',
      why: `pod annotation ${INJECT_LABEL}=${podAnnotations[INJECT_LABEL]}`,
    };
  }
  if (nsLabels[INJECTION_NAMESPACE_LABEL] === 'enabled') {
    return {
      expected: true,
      decidedBy: 'namespace-injection-label',
      revision: 'default',
      why: `namespace ${nsName} has istio-injection=enabled`,
    };
  }
  if (nsLabels[REVISION_LABEL]) {
    return {
      expected: true,
      decidedBy: 'namespace-revision-label',
      revision: nsLabels[REVISION_LABEL],
      why: `namespace ${nsName} has istio.io/rev=${nsLabels[REVISION_LABEL]}`,
    };
  }
  if (podRevision) {
    return {
      expected: true,
      decidedBy: 'pod-revision-label',
      revision: podRevision,
      why: `pod label istio.io/rev=${podRevision}`,
    };
  }
  return {
    expected: false,
    decidedBy: 'none',
    why: `neither namespace ${nsName} nor the pod asks for injection`,
  };
}
