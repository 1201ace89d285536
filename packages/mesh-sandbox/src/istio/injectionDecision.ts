/**
 * Whether Istio's sidecar injector would inject a pod, and which revision would.
 *
 * Two stages, as in a real cluster: first the MutatingWebhookConfigurations' namespace
 * and object selectors decide whether any injector webhook is called at all (that is
 * where `istio-injection`, `istio.io/rev` and the `sidecar.istio.io/inject` *label* act);
 * then the called injector applies its policy (`enabled` by default), where the
 * `sidecar.istio.io/inject` label, or else the legacy annotation, can still opt the pod out.
 */

export const INJECTION_NAMESPACE_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const INJECT_LABEL = 'sidecar.istio.io/inject';
export const INJECT_ANNOTATION = 'sidecar.istio.io/inject';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** The injectors installed in a cluster. */
export interface InjectorSetup {
  /** Installed control-plane revisions; a non-revisioned install is the revision "default". */
  revisions: string[];
  /**
   * The revision behind the "default" webhooks (`istio-injection=enabled`,
   * pod label `sidecar.istio.io/inject=true`); undefined when no default is set.
   */
  defaultRevision?: string;
  /** Revision tags (`istioctl tag set <tag> --revision <rev>`): tag → revision. */
  tags: Record<string, string>;
}

export interface InjectionInput {
  namespace: string;
  namespaceLabels: Record<string, string> | undefined;
  podLabels: Record<string, string> | undefined;
  podAnnotations: Record<string, string> | undefined;
  hostNetwork?: boolean;
}

export interface InjectionDecision {
  inject: boolean;
  /** The control-plane revision that injects (set when inject is true). */
  revision?: string;
  /** Which webhook matched or why none did; for logs and tests. */
  reason: string;
}

/** Namespaces Istio's injector always skips (pkg/kube/inject IgnoredNamespaces). */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);

type Labels = Record<string, string>;

interface Webhook {
  name: string;
  revision: string;
  matches(ns: Labels, pod: Labels): boolean;
}

const has = (labels: Labels, key: string) =>
  Object.prototype.hasOwnProperty.call(labels, key);

/** The webhooks an injector setup installs, in the order Istio's charts define them. */
function webhooksFor(setup: InjectorSetup): Webhook[] {
  const webhooks: Webhook[] = [];
  const selectorValues: Array<[string, string]> = [
    ...setup.revisions.map((rev): [string, string] => [rev, rev]),
    ...Object.entries(setup.tags),
  ];
  for (const [value, revision] of selectorValues) {
    webhooks.push({
      name: `rev.namespace.sidecar-injector.istio.io (${REVISION_LABEL}=${value})`,
      revision,
      matches: (ns, pod) =>
        ns[REVISION_LABEL] === value &&
        !has(ns, INJECTION_NAMESPACE_LABEL) &&
        pod[INJECT_LABEL] !== 'false',
    });
    webhooks.push({
      name: `rev.object.sidecar-injector.istio.io (${REVISION_LABEL}=${value})`,
      revision,
      matches: (ns, pod) =>
        !has(ns, REVISION_LABEL) &&
        !has(ns, INJECTION_NAMESPACE_LABEL) &&
        pod[INJECT_LABEL] !== 'false' &&
        pod[REVISION_LABEL] === value,
    });
  }
  if (setup.defaultRevision !== undefined) {
    webhooks.push({
      name: 'namespace.sidecar-injector.istio.io',
      revision: setup.defaultRevision,
      matches: (ns, pod) =>
        ns[INJECTION_NAMESPACE_LABEL] === 'enabled' &&
        pod[INJECT_LABEL] !== 'false',
    });
    webhooks.push({
      name: 'object.sidecar-injector.istio.io',
      revision: setup.defaultRevision,
      matches: (ns, pod) =>
        !has(ns, INJECTION_NAMESPACE_LABEL) &&
        !has(ns, REVISION_LABEL) &&
        pod[INJECT_LABEL] === 'true' &&
        !has(pod, REVISION_LABEL),
    });
  }
  return webhooks;
}

export function decideInjection(
  setup: InjectorSetup,
  input: InjectionInput,
): InjectionDecision {
  const nsLabels = input.namespaceLabels ?? {};
  const podLabels = input.podLabels ?? {};
  const annotations = input.podAnnotations ?? {};

  const webhook = webhooksFor(setup).find(w => w.matches(nsLabels, podLabels));
  if (!webhook) {
    return {
      inject: false,
      reason: 'no injector webhook selects this namespace and pod',
    };
  }
  if (annotations[SIDECAR_STATUS_ANNOTATION] !== undefined) {
    return { inject: false, reason: 'already injected' };
  }
  if (input.hostNetwork) {
    return { inject: false, reason: 'pod uses host networking' };
  }
  if (IGNORED_NAMESPACES.has(input.namespace)) {
    return {
      inject: false,
      reason: `namespace ${input.namespace} is ignored by the injector`,
    };
  }
  // The label is the newer API; when both are present Istio prefers it over the annotation.
  const choice = has(podLabels, INJECT_LABEL)
    ? podLabels[INJECT_LABEL]
    : (annotations[INJECT_ANNOTATION] ?? '');
  switch (choice.toLowerCase()) {
    case '':
      return {
        inject: true,
        revision: webhook.revision,
        reason: `${webhook.name} with policy enabled`,
      };
    // YAML 1.1 truthy spellings, which Istio accepts.
    case 'y':
    case 'yes':
    case 'true':
    case 'on':
      return {
        inject: true,
        revision: webhook.revision,
        reason: `${webhook.name}, pod asks for injection`,
      };
    default:
      return {
        inject: false,
        reason: `pod opts out with sidecar.istio.io/inject=${choice}`,
      };
  }
}
