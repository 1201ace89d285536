/**
 * Shapes of the generated CRD schema data (crdSchemas.gen.ts): an OpenAPI v3 subset, with CEL rules
 * pre-compiled into tagged checks and repeated subtrees shared through `$ref` indexes into `defs`.
 */

/** A CEL `x-kubernetes-validations` rule in one of the shapes the generator recognises. */
export type CelCheck =
  | { k: 'durMin'; v: string; m?: string }
  | { k: 'port'; m?: string }
  | { k: 'noStar'; m?: string }
  | { k: 'notStar'; m?: string }
  | { k: 'keysNoStar'; m?: string }
  | { k: 'keysNonEmpty'; m?: string }
  | { k: 'empty'; m?: string }
  | { k: 'anyOf'; f: string[]; m?: string }
  | { k: 'oneOf'; f: string[]; m?: string }
  | { k: 'unique'; f: string; m?: string }
  | { k: 'scheme'; v: string[]; m?: string };

export interface SchemaNode {
  $ref?: number;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
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
  pattern?: string;
  format?: string;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  not?: SchemaNode;
  nullable?: boolean;
  intOrString?: boolean;
  preserve?: boolean;
  cel?: CelCheck[];
}

export interface CrdKindVersion {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  served: boolean;
  /** Index into `schemas`. */
  schema: number;
}

export interface CrdSchemaData {
  kinds: CrdKindVersion[];
  schemas: SchemaNode[];
  defs: SchemaNode[];
}
