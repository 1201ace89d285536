import {
  ChangeRecord,
  ChangeStatus,
  KubeObject,
} from '@meshport/plugin-mesh-common';

/** The objects behind one resource of a change, kept for apply, revert and export. */
export interface ChangeManifests {
  /** The live object when previewed (absent when it did not exist). */
  before?: KubeObject;
  /** What is written: the manifest as submitted (absent for a delete). */
  desired?: KubeObject;
}

/** A change as stored: the record the API shows, plus the manifests it needs to act. */
export interface StoredChange extends ChangeRecord {
  manifests: ChangeManifests[];
}

/**
 * Change sets and their outcome: the history and audit trail of the write path.
 * `claim` is the only way from `previewed` to `applying`, and it is atomic, so one preview is
 * applied at most once even when two requests (or two backend replicas) race.
 */
export interface ChangeStore {
  create(change: StoredChange): Promise<void>;
  get(id: string): Promise<StoredChange | undefined>;
  /** previewed → applying; false when the change was not in `previewed` any more. */
  claim(id: string, by: string): Promise<boolean>;
  /** Records the outcome of an apply or export. */
  finish(
    id: string,
    outcome: {
      status: Exclude<ChangeStatus, 'previewed' | 'applying'>;
      by: string;
      at: string;
      result?: string;
    },
  ): Promise<void>;
  /** The entity's changes, newest first. */
  listForEntity(entityRef: string, limit?: number): Promise<StoredChange[]>;
}
