/** What the API server knows about each kind it serves. */

/** The subset of OpenAPI v3 (JSONSchemaProps) that CRDs use and the sandbox validates. */
export interface JsonSchema {
  type?: string;
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: string]: unknown;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  /** Served versions, most preferred first (Kubernetes version priority). */
  versions: string[];
  storageVersion: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: { status: boolean; scale?: ScaleSubresource };
  /** Custom resources are stored as unstructured JSON and validated against their CRD schema. */
  custom: boolean;
  /** Field selectors supported beyond metadata.name and metadata.namespace. */
  extraFieldSelectors: string[];
  /** Per served version, for custom resources. */
  schemas: Record<string, JsonSchema | undefined>;
  printerColumns: Record<string, PrinterColumn[]>;
}

/** Where a resource's objects live in the store: versions share storage, as in etcd. */
export function storageKey(
  type: Pick<ResourceType, 'group' | 'plural'>,
): string {
  return `${type.group}/${type.plural}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
