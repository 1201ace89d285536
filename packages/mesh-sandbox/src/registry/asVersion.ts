import { KubeObject } from '../store/types';
import { apiVersionOf, ResourceType } from './types';

/**
 * The object as served at `version`. Istio's and Gateway API's CRDs use conversion
 * strategy None, where versions differ only in apiVersion, so rewriting it is the whole conversion.
 */
export function asVersion(
  type: ResourceType,
  version: string,
  object: KubeObject,
): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return {
    apiVersion: apiVersionOf(type.group, version),
    kind: type.kind,
    ...rest,
  } as KubeObject;
}
