import { KubeObject } from '../../kube/types';
import { apiGroupOf } from '../model/common';
import { GATEWAY_API_GROUP } from '../model/gatewayApi';

/**
 * Istio's networking Gateway and the Gateway API's Gateway share the kind `Gateway`. The index
 * keeps the Gateway API one under a qualified key so neither hides the other.
 */
export const GATEWAY_API_GATEWAY_KIND = `Gateway.${GATEWAY_API_GROUP}`;

export function indexKindOf(
  object: Pick<KubeObject, 'apiVersion' | 'kind'>,
): string {
  if (
    object.kind === 'Gateway' &&
    apiGroupOf(object.apiVersion) === GATEWAY_API_GROUP
  )
    return GATEWAY_API_GATEWAY_KIND;
  return object.kind;
}

/** Kinds without a namespace; everything else without metadata.namespace lands in `default`. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'GatewayClass',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace the index files an object under ('' for cluster-scoped kinds). */
export function indexNamespaceOf(
  object: Pick<KubeObject, 'kind' | 'metadata'>,
): string {
  if (isClusterScoped(object.kind)) return '';
  return object.metadata.namespace ?? 'default';
}
