import {
  CanaryEvent,
  CanaryRecord,
  CanaryState,
} from '@meshport/plugin-mesh-common';

/**
 * A canary as stored: what the API shows, plus what the controller needs to step it safely.
 * `version` rises on every write, so a step or a person's action commits only against the state
 * it read (optimistic concurrency across replicas).
 */
export interface StoredCanary extends Omit<CanaryRecord, 'events'> {
  events: CanaryEvent[];
  version: number;
  /** Who holds the lease (a replica's controller or a request), and until when. */
  leaseOwner?: string;
  leaseUntil?: string;
  /**
   * The routing object's `spec` as the canary last wrote it. When the live spec differs, someone
   * else edited it: the canary pauses instead of overwriting.
   */
  writtenSpec?: unknown;
}

/** The fields a step or an action may change. */
export interface CanaryPatch {
  state?: CanaryState;
  step?: number;
  weight?: number;
  failedChecks?: number;
  /** null clears it. */
  message?: string | null;
  /** null clears it (a finished or paused canary is not due). */
  nextCheckAt?: string | null;
  finishedAt?: string;
  writtenSpec?: unknown;
}

/** An event before the store numbers it. */
export type NewCanaryEvent = Omit<CanaryEvent, 'seq'>;

/**
 * Canaries and their history. Every change goes through a lease: `claim` takes it only when it is
 * free (or expired), `commit` writes the outcome, appends the event and frees it in one
 * transaction, and only when nothing else committed since the claim. So across replicas each
 * step is judged and recorded once.
 */
export interface CanaryStore {
  /** Stores a new canary (version 1, no lease) with its first event. */
  create(canary: StoredCanary, first: NewCanaryEvent): Promise<void>;
  get(id: string): Promise<StoredCanary | undefined>;
  /** The entity's canaries, newest first, with their events. */
  listForEntity(entityRef: string, limit?: number): Promise<StoredCanary[]>;
  /** The canary of that Service that is progressing or paused, if any (at most one may be). */
  findActive(
    cluster: string,
    namespace: string,
    service: string,
  ): Promise<StoredCanary | undefined>;
  /** Ids of progressing canaries due at `now` whose lease is free or expired, soonest first. */
  listDue(now: Date, limit: number): Promise<string[]>;
  /**
   * Takes the lease until `until` when it is free or expired at `now`; answers the canary as
   * claimed (its version raised), or undefined when someone else holds it.
   */
  claim(
    id: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<StoredCanary | undefined>;
  /**
   * Applies `patch`, appends `event` (numbered after the last one) and frees the lease, in one
   * transaction, if the canary's version is still `claimedVersion`. False when it moved (the
   * lease expired and someone else claimed it): nothing is written then.
   */
  commit(
    id: string,
    claimedVersion: number,
    patch: CanaryPatch,
    event?: NewCanaryEvent,
  ): Promise<boolean>;
  /** Frees the lease without changing anything (when a step decided to do nothing). */
  release(id: string, claimedVersion: number): Promise<void>;
}
