/** The shapes the store keeps. Objects are plain JSON, as they travel over the wire. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to one object, as recorded in a resource's history. */
export interface StoreEvent {
  type: WatchEventType;
  /** The resource's storage key, `<group>/<plural>` (`/pods` for core). */
  resource: string;
  revision: number;
  /** The object after the change (for DELETED: the last state, stamped with the deletion revision). */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED), so selector watches can tell enter from leave. */
  previous?: KubeObject;
}
