import { KubeObject } from '../../../kube/types';

/** What `istioctl install [--revision <rev>]` leaves. */
export function revisionWebhook(revision: string): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name:
        revision === 'default'
          ? 'istio-sidecar-injector'
          : `istio-sidecar-injector-${revision}`,
      labels: { app: 'sidecar-injector', 'istio.io/rev': revision },
    },
  };
}

/** What `istioctl tag set <tag> --revision <rev>` leaves. */
export function tagWebhook(tag: string, revision: string): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: `istio-revision-tag-${tag}`,
      labels: {
        app: 'sidecar-injector',
        'istio.io/rev': revision,
        'istio.io/tag': tag,
      },
    },
  };
}
