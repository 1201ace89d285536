import { cloneJson } from '../util/cloneJson';
import { randomUUID } from 'node:crypto';
import { Admission, FieldValidation } from '../admission/Admission';
import { asVersion } from '../registry/asVersion';
import { apiVersionOf, ResourceType, storageKey } from '../registry/types';
import { ObjectStore } from '../store/ObjectStore';
import { StoreError } from '../store/StoreError';
import { KubeObject } from '../store/types';
import { ManagedFieldsEntry, recordUpdate } from '../store/managedFields';
import { deepEqual } from '../util/deepEqual';
import { generateName, timestamp } from '../util/names';
import { ApiError } from './ApiError';

export interface WriteOptions {
  dryRun?: boolean;
  /** How unknown fields in custom resources are reported; the apiserver's default is Warn. */
  fieldValidation?: FieldValidation;
  /** `status` writes only the status; `finalize` only a namespace's spec.finalizers. */
  subresource?: 'status' | 'finalize';
  /** Who writes: their changed fields become theirs in metadata.managedFields. */
  fieldManager?: string;
  /** Ownership already worked out (server-side apply); used as is. */
  managedFields?: ManagedFieldsEntry[];
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface WriteResult {
  /** The object as stored, served at the version it was written through. */
  object: KubeObject;
  warnings: string[];
}

/** Called after an object is really gone (not when it only got a deletionTimestamp). */
export type DeleteListener = (
  type: ResourceType,
  object: KubeObject,
  policy: PropagationPolicy,
) => void;

type Obj = Record<string, unknown>;

/** Kinds that count spec changes in metadata.generation (custom resources always do). */
function tracksGeneration(type: ResourceType): boolean {
  return (
    type.custom ||
    type.group === 'apps' ||
    type.group === 'apiextensions.k8s.io'
  );
}

/** Everything but metadata and status: a change here is a new generation. */
function specPart(object: KubeObject): Obj {
  const {
    metadata: _m,
    status: _s,
    apiVersion: _a,
    kind: _k,
    ...rest
  } = object;
  return rest;
}

function pendingFinalizers(type: ResourceType, object: KubeObject): boolean {
  if ((object.metadata.finalizers ?? []).length > 0) {
    return true;
  }
  // Namespaces finalize through spec.finalizers: the namespace controller empties the namespace first.
  return (
    storageKey(type) === '/namespaces' &&
    (((object.spec as Obj | undefined)?.finalizers as unknown[]) ?? []).length >
      0
  );
}

/**
 * Create, update, patch-result and delete semantics of the apiserver's generic registry:
 * system metadata, optimistic concurrency, status subresource rules, generation, finalizers.
 */
export class ObjectWriter {
  private readonly deleteListeners: DeleteListener[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly admission: Admission,
  ) {}

  onDelete(listener: DeleteListener): void {
    this.deleteListeners.push(listener);
  }

  create(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions = {},
  ): WriteResult {
    const candidate = this.checkEnvelope(type, version, body);
    const meta = candidate.metadata;
    if (type.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw ApiError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = meta.namespace || namespace;
      if (!meta.namespace) {
        throw ApiError.badRequest('the namespace of the object must be set');
      }
    } else {
      delete meta.namespace;
    }
    if (!meta.name) {
      if (!meta.generateName) {
        throw ApiError.invalid(type, '', [
          {
            reason: 'FieldValueRequired',
            field: 'metadata.name',
            message: 'Required value: name or generateName is required',
          },
        ]);
      }
      meta.name = generateName(meta.generateName);
    }
    for (const systemField of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
      'selfLink',
    ]) {
      delete meta[systemField];
    }
    if (type.subresources.status) {
      // Controllers own status: the apiserver's PrepareForCreate drops what the client sent (defaults refill it).
      delete candidate.status;
    }
    const admitted = this.admission.admit({
      operation: 'CREATE',
      type,
      object: candidate,
      fieldValidation: options.fieldValidation ?? 'Warn',
    });
    const object = admitted.object;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = timestamp();
    delete object.metadata.managedFields;
    const managedFields =
      options.managedFields ??
      (options.fieldManager
        ? recordUpdate(
            undefined,
            object,
            options.fieldManager,
            apiVersionOf(type.group, version),
            object.metadata.creationTimestamp,
            type.custom,
          )
        : undefined);
    if (managedFields) object.metadata.managedFields = managedFields;
    if (tracksGeneration(type)) {
      object.metadata.generation = 1;
    }
    if (options.dryRun) {
      if (
        this.store.get(
          storageKey(type),
          object.metadata.namespace,
          object.metadata.name!,
        )
      ) {
        throw ApiError.alreadyExists(type, object.metadata.name!);
      }
      return {
        object: asVersion(type, version, object),
        warnings: admitted.warnings,
      };
    }
    try {
      const stored = this.store.create(
        storageKey(type),
        asVersion(type, type.storageVersion, object),
        { handOver: true },
      );
      return {
        object: asVersion(type, version, stored),
        warnings: admitted.warnings,
      };
    } catch (error) {
      throw this.translate(error, type, object.metadata.name!);
    }
  }

  /** PUT: replaces the object (or only its status / finalizers for those subresources). */
  replace(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    options: WriteOptions = {},
  ): WriteResult {
    const candidate = this.checkEnvelope(type, version, body);
    if (candidate.metadata.name && candidate.metadata.name !== name) {
      throw ApiError.badRequest(
        `the name of the object (${candidate.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      type.namespaced &&
      candidate.metadata.namespace &&
      candidate.metadata.namespace !== namespace
    ) {
      throw ApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const existing = this.mustGet(type, namespace, name);
    const expected = candidate.metadata.resourceVersion;
    if (expected === undefined || expected === '') {
      // Custom resources never allow unconditional updates; built-ins do.
      if (type.custom) {
        throw ApiError.invalid(type, name, [
          {
            reason: 'FieldValueInvalid',
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0x0: must be specified for an update',
          },
        ]);
      }
    } else if (expected !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(type, name);
    }
    return this.write(type, version, existing, candidate, options);
  }

  /**
   * Writes a patch result. The patched object came from `existing`, so a changed
   * metadata.resourceVersion in it means the patch carried a precondition.
   */
  writePatched(
    type: ResourceType,
    version: string,
    existing: KubeObject,
    patched: KubeObject,
    options: WriteOptions = {},
  ): WriteResult {
    if (
      patched.metadata?.resourceVersion !== undefined &&
      patched.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw ApiError.conflict(type, existing.metadata.name!);
    }
    if (patched.metadata?.name !== existing.metadata.name) {
      throw ApiError.badRequest(
        `the name of the object (${String(patched.metadata?.name)}) does not match the name on the URL (${existing.metadata.name})`,
      );
    }
    return this.write(
      type,
      version,
      existing,
      this.checkEnvelope(type, version, patched),
      options,
    );
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    return this.mustGet(type, namespace, name);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const existing = this.mustGet(type, namespace, name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== existing.metadata.uid) {
      throw ApiError.conflict(
        type,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (
      pre.resourceVersion &&
      pre.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw ApiError.conflict(
        type,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    if (options.dryRun) {
      return existing;
    }
    if (pendingFinalizers(type, existing)) {
      if (existing.metadata.deletionTimestamp) {
        return existing;
      }
      const marked = cloneJson(existing);
      marked.metadata.deletionTimestamp = timestamp();
      marked.metadata.deletionGracePeriodSeconds = 0;
      if (storageKey(type) === '/namespaces') {
        marked.status = {
          ...(marked.status as Obj | undefined),
          phase: 'Terminating',
        };
      }
      return this.store.update(
        storageKey(type),
        marked,
        existing.metadata.resourceVersion,
        { handOver: true },
      );
    }
    return this.remove(
      type,
      existing,
      options.propagationPolicy ?? 'Background',
    );
  }

  private write(
    type: ResourceType,
    version: string,
    existing: KubeObject,
    candidate: KubeObject,
    options: WriteOptions,
  ): WriteResult {
    let next: KubeObject;
    if (options.subresource === 'status') {
      // Shallow is enough: admission deep-copies what it is given.
      next = { ...existing, status: candidate.status };
    } else if (options.subresource === 'finalize') {
      next = { ...existing };
      next.spec = {
        ...(existing.spec as Obj | undefined),
        finalizers: (candidate.spec as Obj | undefined)?.finalizers ?? [],
      };
    } else {
      next = candidate;
      if (type.subresources.status) {
        // With a status subresource, writes to the main resource cannot change status.
        if (existing.status === undefined) delete next.status;
        else next.status = existing.status;
      }
    }
    // System metadata belongs to the server, whatever the client sent.
    next.metadata = {
      ...next.metadata,
      name: existing.metadata.name,
      namespace: existing.metadata.namespace,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      generation: existing.metadata.generation,
      deletionTimestamp: existing.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: existing.metadata.deletionGracePeriodSeconds,
    };
    if (!type.namespaced) delete next.metadata.namespace;
    for (const key of Object.keys(next.metadata)) {
      if (next.metadata[key] === undefined) delete next.metadata[key];
    }
    next.apiVersion = apiVersionOf(type.group, version);
    const admitted = this.admission.admit({
      operation: 'UPDATE',
      type,
      object: next,
      previous: existing,
      fieldValidation: options.fieldValidation ?? 'Warn',
    });
    const object = asVersion(type, type.storageVersion, admitted.object);
    // Clients send managedFields back unchanged or not at all; the server keeps the books.
    delete object.metadata.managedFields;
    const managedFields =
      options.managedFields ??
      (options.fieldManager && !options.subresource
        ? recordUpdate(
            existing,
            object,
            options.fieldManager,
            apiVersionOf(type.group, version),
            timestamp(),
            type.custom,
          )
        : (existing.metadata.managedFields as
            ManagedFieldsEntry[] | undefined));
    if (managedFields && managedFields.length > 0)
      object.metadata.managedFields = managedFields;
    if (
      tracksGeneration(type) &&
      !deepEqual(specPart(object), specPart(existing))
    ) {
      object.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    }
    const { resourceVersion: _rv, ...metaWithoutVersion } = object.metadata;
    const { resourceVersion: _erv, ...existingMetaWithoutVersion } =
      existing.metadata;
    // A write that changes nothing is not a new revision, as in the real apiserver.
    if (
      deepEqual(
        { ...object, metadata: metaWithoutVersion },
        {
          ...asVersion(type, type.storageVersion, existing),
          metadata: existingMetaWithoutVersion,
        },
      )
    ) {
      return {
        object: asVersion(type, version, existing),
        warnings: admitted.warnings,
      };
    }
    if (options.dryRun) {
      return {
        object: asVersion(type, version, object),
        warnings: admitted.warnings,
      };
    }
    if (object.metadata.deletionTimestamp && !pendingFinalizers(type, object)) {
      // The last finalizer is gone: the deletion that was waiting for it completes now.
      return {
        object: asVersion(
          type,
          version,
          this.remove(type, existing, 'Background'),
        ),
        warnings: admitted.warnings,
      };
    }
    try {
      const stored = this.store.update(
        storageKey(type),
        object,
        existing.metadata.resourceVersion,
        { handOver: true },
      );
      return {
        object: asVersion(type, version, stored),
        warnings: admitted.warnings,
      };
    } catch (error) {
      throw this.translate(error, type, existing.metadata.name!);
    }
  }

  private remove(
    type: ResourceType,
    existing: KubeObject,
    policy: PropagationPolicy,
  ): KubeObject {
    let deleted: KubeObject;
    try {
      deleted = this.store.delete(
        storageKey(type),
        existing.metadata.namespace,
        existing.metadata.name!,
      );
    } catch (error) {
      throw this.translate(error, type, existing.metadata.name!);
    }
    this.admission.release(type, deleted);
    for (const listener of this.deleteListeners) {
      listener(type, deleted, policy);
    }
    return deleted;
  }

  /** The stored object, deep-frozen: writes build new objects from it and never change it. */
  private mustGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.store.peek(
      storageKey(type),
      type.namespaced ? namespace : undefined,
      name,
    );
    if (!found) {
      throw ApiError.notFound(type, name);
    }
    return found;
  }

  /** Checks apiVersion/kind in the body against the URL, and gives the copy a metadata object. */
  private checkEnvelope(
    type: ResourceType,
    version: string,
    body: KubeObject,
  ): KubeObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw ApiError.badRequest('the request body must be a JSON object');
    }
    const expected = apiVersionOf(type.group, version);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw ApiError.badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw ApiError.badRequest(
        `the kind in the data (${String(body.kind)}) does not match the expected kind (${type.kind})`,
      );
    }
    // Shallow: callers change only top-level fields and metadata before admission, which deep-copies.
    return {
      ...body,
      apiVersion: expected,
      kind: type.kind,
      metadata: { ...(body.metadata ?? {}) },
    };
  }

  private translate(error: unknown, type: ResourceType, name: string): unknown {
    if (error instanceof StoreError) {
      switch (error.reason) {
        case 'AlreadyExists':
          return ApiError.alreadyExists(type, name);
        case 'Conflict':
          return ApiError.conflict(type, name);
        case 'NotFound':
          return ApiError.notFound(type, name);
        default:
          return ApiError.expired(error.message);
      }
    }
    return error;
  }
}
