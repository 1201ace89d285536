import { KubeObject } from '../store/types';
import { InjectorSetup } from './injectionDecision';

export const WEBHOOK_CONFIGS =
  'admissionregistration.k8s.io/mutatingwebhookconfigurations';
const TAG_LABEL = 'istio.io/tag';
const REV_LABEL = 'istio.io/rev';

/**
 * The injector setup as Istio leaves it in a cluster: one MutatingWebhookConfiguration per
 * control-plane revision (`istio-sidecar-injector[-<rev>]`, labelled `istio.io/rev`) and one per
 * revision tag (`istio-revision-tag-<tag>`, labelled `istio.io/tag` and the revision it points at),
 * which is what `istioctl tag set` writes. The tag `default` takes over the default webhooks
 * (`istio-injection=enabled`); without it the non-revisioned install's revision "default" has them.
 */
export function injectorSetupFrom(
  webhookConfigs: readonly KubeObject[],
): InjectorSetup {
  const revisions = new Set<string>();
  const tags: Record<string, string> = {};
  for (const config of webhookConfigs) {
    const labels = config.metadata.labels ?? {};
    const revision = labels[REV_LABEL];
    if (!revision) continue;
    const tag = labels[TAG_LABEL];
    if (tag) tags[tag] = revision;
    else if (
      config.metadata.name === 'istio-sidecar-injector' ||
      config.metadata.name?.startsWith('istio-sidecar-injector-')
    )
      revisions.add(revision);
  }
  const defaultRevision =
    tags.default ?? (revisions.has('default') ? 'default' : undefined);
  const { default: _default, ...otherTags } = tags;
  return { revisions: [...revisions].sort(), defaultRevision, tags: otherTags };
}

/** The webhook configuration `istioctl install --revision <rev>` (or a plain install, "default") creates. */
export function revisionWebhookConfig(revision: string): KubeObject {
  const service = revision === 'default' ? 'istiod' : `istiod-${revision}`;
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name:
        revision === 'default'
          ? 'istio-sidecar-injector'
          : `istio-sidecar-injector-${revision}`,
      labels: {
        app: 'sidecar-injector',
        [REV_LABEL]: revision,
        'operator.istio.io/component': 'Pilot',
      },
    },
    webhooks: [
      injectorWebhook('rev.namespace.sidecar-injector.istio.io', service, {
        matchExpressions: [
          { key: REV_LABEL, operator: 'In', values: [revision] },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ],
      }),
    ],
  };
}

/** The webhook configuration `istioctl tag set <tag> --revision <rev>` creates. */
export function tagWebhookConfig(tag: string, revision: string): KubeObject {
  const service = revision === 'default' ? 'istiod' : `istiod-${revision}`;
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: `istio-revision-tag-${tag}`,
      labels: {
        app: 'sidecar-injector',
        [REV_LABEL]: revision,
        [TAG_LABEL]: tag,
      },
    },
    webhooks: [
      injectorWebhook('rev.namespace.sidecar-injector.istio.io', service, {
        matchExpressions: [
          { key: REV_LABEL, operator: 'In', values: [tag] },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ],
      }),
    ],
  };
}

function injectorWebhook(
  name: string,
  service: string,
  namespaceSelector: object,
): Record<string, unknown> {
  return {
    name,
    clientConfig: {
      service: {
        name: service,
        namespace: 'istio-system',
        path: '/inject',
        port: 443,
      },
    },
    namespaceSelector,
    rules: [
      {
        operations: ['CREATE'],
        apiGroups: [''],
        apiVersions: ['v1'],
        resources: ['pods'],
        scope: '*',
      },
    ],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    reinvocationPolicy: 'Never',
    admissionReviewVersions: ['v1beta1', 'v1'],
    timeoutSeconds: 10,
  };
}
