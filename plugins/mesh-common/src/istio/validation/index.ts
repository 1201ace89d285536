export * from './finding';
export * from './duration';
export * from './fieldFormats';
export {
  validateResource,
  SCHEMA_CODE,
  UNSERVED_VERSION_CODE,
} from './validateResource';
export { lookupCrd, crdKinds } from './crdSchemaIndex';
export type { CrdLookup } from './crdSchemaIndex';
export { SchemaValidator, joinPath } from './validateAgainstSchema';
export type {
  SchemaNode,
  CrdSchemaData,
  CrdKindVersion,
  CelCheck,
} from './schemaTypes';
