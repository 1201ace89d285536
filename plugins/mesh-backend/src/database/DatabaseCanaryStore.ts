import {
  CanaryCheckResult,
  CanaryEvent,
  CanaryPlan,
  CanaryRecord,
  CanaryState,
  CanaryVerdict,
} from '@meshport/plugin-mesh-common';
import { Knex } from 'knex';
import {
  CanaryPatch,
  CanaryStore,
  NewCanaryEvent,
  StoredCanary,
} from './CanaryStore';

const CANARIES = 'mesh_canaries';
const EVENTS = 'mesh_canary_events';

const ACTIVE_STATES: CanaryState[] = ['progressing', 'paused'];

/**
 * Timestamps come back as Date from PostgreSQL and as epoch milliseconds from SQLite (knex binds
 * a Date as its epoch ms there). Every write and comparison binds a Date, never a string, so that
 * `<=` on next_check_at and lease_until means "earlier" on both databases.
 */
type DbTime = Date | number | string;

interface CanaryRow {
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  service: string;
  stable_version: string;
  canary_version: string;
  plan: string;
  weights: string;
  state: CanaryState;
  step: number;
  weight: number;
  failed_checks: number;
  message: string | null;
  route_kind: CanaryRecord['route']['kind'];
  route_namespace: string;
  route_name: string;
  written_spec: string | null;
  next_check_at: DbTime | null;
  lease_owner: string | null;
  lease_until: DbTime | null;
  version: number;
  created_by: string;
  created_at: DbTime;
  updated_at: DbTime;
  finished_at: DbTime | null;
}

interface EventRow {
  canary_id: string;
  seq: number;
  at: DbTime;
  verdict: CanaryVerdict;
  step: number;
  weight: number;
  failed_checks: number;
  checks: string;
  message: string;
  actor: string;
  change_id: string | null;
}

const iso = (v: DbTime): string => new Date(v).toISOString();
const isoOrUndefined = (v: DbTime | null): string | undefined =>
  v === null || v === undefined ? undefined : iso(v);

function toEvent(row: EventRow): CanaryEvent {
  return {
    seq: Number(row.seq),
    at: iso(row.at),
    verdict: row.verdict,
    step: Number(row.step),
    weight: Number(row.weight),
    failedChecks: Number(row.failed_checks),
    checks: JSON.parse(row.checks) as CanaryCheckResult[],
    message: row.message,
    actor: row.actor,
    changeId: row.change_id ?? undefined,
  };
}

function toCanary(row: CanaryRow, events: CanaryEvent[]): StoredCanary {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    service: row.service,
    stableVersion: row.stable_version,
    canaryVersion: row.canary_version,
    plan: JSON.parse(row.plan) as CanaryPlan,
    weights: JSON.parse(row.weights) as number[],
    state: row.state,
    step: Number(row.step),
    weight: Number(row.weight),
    failedChecks: Number(row.failed_checks),
    message: row.message ?? undefined,
    route: {
      kind: row.route_kind,
      namespace: row.route_namespace,
      name: row.route_name,
    },
    nextCheckAt: isoOrUndefined(row.next_check_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    finishedAt: isoOrUndefined(row.finished_at),
    events,
    version: Number(row.version),
    leaseOwner: row.lease_owner ?? undefined,
    leaseUntil: isoOrUndefined(row.lease_until),
    writtenSpec:
      row.written_spec === null ? undefined : JSON.parse(row.written_spec),
  };
}

function eventRow(canaryId: string, seq: number, e: NewCanaryEvent): EventRow {
  return {
    canary_id: canaryId,
    seq,
    at: new Date(e.at),
    verdict: e.verdict,
    step: e.step,
    weight: e.weight,
    failed_checks: e.failedChecks,
    checks: JSON.stringify(e.checks),
    message: e.message,
    actor: e.actor,
    change_id: e.changeId ?? null,
  };
}

/** The columns a patch sets; a key left undefined in the patch leaves its column alone. */
function patchColumns(patch: CanaryPatch): Partial<CanaryRow> {
  const row: Partial<CanaryRow> = {};
  if (patch.state !== undefined) row.state = patch.state;
  if (patch.step !== undefined) row.step = patch.step;
  if (patch.weight !== undefined) row.weight = patch.weight;
  if (patch.failedChecks !== undefined) row.failed_checks = patch.failedChecks;
  if (patch.message !== undefined) row.message = patch.message;
  if (patch.nextCheckAt !== undefined)
    row.next_check_at =
      patch.nextCheckAt === null ? null : new Date(patch.nextCheckAt);
  if (patch.finishedAt !== undefined)
    row.finished_at = new Date(patch.finishedAt);
  if (patch.writtenSpec !== undefined)
    row.written_spec =
      patch.writtenSpec === null ? null : JSON.stringify(patch.writtenSpec);
  return row;
}

/**
 * CanaryStore on the plugin's Backstage database (SQLite or PostgreSQL); migrations run in
 * DatabaseMeshStore.
 *
 * Exactly-once stepping rests on three things the database guarantees on both engines: a
 * conditional UPDATE is atomic (of two racing claims one changes the row), `commit` updates the
 * canary row before it numbers the event, so on PostgreSQL the row lock orders concurrent commits
 * and the loser finds the version moved (SQLite has one writer at a time), and (canary_id, seq)
 * is the events' primary key, so a duplicate number cannot be stored even by a bug.
 */
export class DatabaseCanaryStore implements CanaryStore {
  constructor(private readonly db: Knex) {}

  async create(canary: StoredCanary, first: NewCanaryEvent): Promise<void> {
    await this.db.transaction(async tx => {
      const row: CanaryRow = {
        id: canary.id,
        entity_ref: canary.entityRef,
        cluster: canary.cluster,
        namespace: canary.namespace,
        service: canary.service,
        stable_version: canary.stableVersion,
        canary_version: canary.canaryVersion,
        plan: JSON.stringify(canary.plan),
        weights: JSON.stringify(canary.weights),
        state: canary.state,
        step: canary.step,
        weight: canary.weight,
        failed_checks: canary.failedChecks,
        message: canary.message ?? null,
        route_kind: canary.route.kind,
        route_namespace: canary.route.namespace,
        route_name: canary.route.name,
        written_spec:
          canary.writtenSpec === undefined || canary.writtenSpec === null
            ? null
            : JSON.stringify(canary.writtenSpec),
        next_check_at: canary.nextCheckAt ? new Date(canary.nextCheckAt) : null,
        // A new canary is unclaimed at version 1, whatever the caller passed.
        lease_owner: null,
        lease_until: null,
        version: 1,
        created_by: canary.createdBy,
        created_at: new Date(canary.createdAt),
        updated_at: new Date(canary.updatedAt),
        finished_at: canary.finishedAt ? new Date(canary.finishedAt) : null,
      };
      await tx<CanaryRow>(CANARIES).insert(row);
      await tx<EventRow>(EVENTS).insert(eventRow(canary.id, 1, first));
    });
  }

  async get(id: string): Promise<StoredCanary | undefined> {
    return this.read(this.db, id);
  }

  async listForEntity(entityRef: string, limit = 50): Promise<StoredCanary[]> {
    const rows = await this.db<CanaryRow>(CANARIES)
      .where({ entity_ref: entityRef })
      // id breaks ties between canaries created in the same millisecond, so the order is stable.
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return this.withEvents(this.db, rows);
  }

  async findActive(
    cluster: string,
    namespace: string,
    service: string,
  ): Promise<StoredCanary | undefined> {
    const row = await this.db<CanaryRow>(CANARIES)
      .where({ cluster, namespace, service })
      .whereIn('state', ACTIVE_STATES)
      .orderBy('created_at', 'desc')
      .first();
    if (!row) return undefined;
    return (await this.withEvents(this.db, [row]))[0];
  }

  async listDue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db<CanaryRow>(CANARIES)
      .where({ state: 'progressing' })
      .whereNotNull('next_check_at')
      .where('next_check_at', '<=', now)
      .where(q => q.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .orderBy([
        { column: 'next_check_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  async claim(
    id: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<StoredCanary | undefined> {
    // The conditional UPDATE is the claim: on PostgreSQL a second claimer blocks on the row lock
    // and then re-checks the WHERE against the new lease, so it updates nothing. Reading back in
    // the same transaction answers exactly the state this claim produced.
    return this.db.transaction(async tx => {
      const updated = await tx<CanaryRow>(CANARIES)
        .where({ id })
        .where(q =>
          q.whereNull('lease_until').orWhere('lease_until', '<=', now),
        )
        .update({
          lease_owner: owner,
          lease_until: until,
          version: tx.raw('?? + 1', ['version']),
        });
      if (updated !== 1) return undefined;
      return this.read(tx, id);
    });
  }

  async commit(
    id: string,
    claimedVersion: number,
    patch: CanaryPatch,
    event?: NewCanaryEvent,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx<CanaryRow>(CANARIES)
        .where({ id, version: claimedVersion })
        .update({
          ...patchColumns(patch),
          lease_owner: null,
          lease_until: null,
          version: tx.raw('?? + 1', ['version']),
          updated_at: new Date(),
        });
      // Nothing written: the transaction ends without changes.
      if (updated !== 1) return false;
      if (event) {
        // The UPDATE above holds the canary's row lock until this transaction ends, so no other
        // commit for this canary can number an event between this read and the insert.
        const last = await tx<EventRow>(EVENTS)
          .where({ canary_id: id })
          .max<{ seq: number | string | null }>('seq as seq')
          .first();
        const seq = Number(last?.seq ?? 0) + 1;
        await tx<EventRow>(EVENTS).insert(eventRow(id, seq, event));
      }
      return true;
    });
  }

  async release(id: string, claimedVersion: number): Promise<void> {
    // The version is raised here too, so a claim ends exactly once (commit or release): a holder
    // that released cannot later commit on the same claim over a state someone else may have
    // read meanwhile. Only the holder's version matches, so a stale holder frees nothing.
    await this.db<CanaryRow>(CANARIES)
      .where({ id, version: claimedVersion })
      .update({
        lease_owner: null,
        lease_until: null,
        version: this.db.raw('?? + 1', ['version']),
      });
  }

  private async read(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<StoredCanary | undefined> {
    const row = await db<CanaryRow>(CANARIES).where({ id }).first();
    if (!row) return undefined;
    return (await this.withEvents(db, [row]))[0];
  }

  /** The canaries with their events, in one query for all of them (ordered by seq). */
  private async withEvents(
    db: Knex | Knex.Transaction,
    rows: CanaryRow[],
  ): Promise<StoredCanary[]> {
    if (rows.length === 0) return [];
    const events = await db<EventRow>(EVENTS)
      .whereIn(
        'canary_id',
        rows.map(r => r.id),
      )
      .orderBy([
        { column: 'canary_id', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ]);
    const byCanary = new Map<string, CanaryEvent[]>();
    for (const e of events) {
      const list = byCanary.get(e.canary_id) ?? [];
      list.push(toEvent(e));
      byCanary.set(e.canary_id, list);
    }
    return rows.map(r => toCanary(r, byCanary.get(r.id) ?? []));
  }
}
