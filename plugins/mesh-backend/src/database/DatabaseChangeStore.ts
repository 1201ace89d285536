import {
  ChangeFindings,
  ChangeResource,
  DryRunResult,
} from '@meshport/plugin-mesh-common';
import { Knex } from 'knex';
import { ChangeManifests, ChangeStore, StoredChange } from './ChangeStore';

const TABLE = 'mesh_changes';

interface ChangeRow {
  id: string;
  entity_ref: string;
  cluster: string;
  status: StoredChange['status'];
  description: string | null;
  revert_of: string | null;
  resources: string;
  findings: string;
  dry_run: string;
  gitops: boolean | number;
  created_by: string;
  created_at: Date | string;
  applied_by: string | null;
  applied_at: Date | string | null;
  result: string | null;
}

/** Resources and manifests share one JSON column, so a change is read and written in one row. */
interface ResourcesColumn {
  resources: ChangeResource[];
  manifests: ChangeManifests[];
}

const iso = (v: Date | string): string => new Date(v).toISOString();

function toChange(row: ChangeRow): StoredChange {
  const column = JSON.parse(row.resources) as ResourcesColumn;
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    status: row.status,
    description: row.description ?? undefined,
    revertOf: row.revert_of ?? undefined,
    resources: column.resources,
    manifests: column.manifests,
    findings: JSON.parse(row.findings) as ChangeFindings,
    dryRun: JSON.parse(row.dry_run) as DryRunResult,
    gitops: Boolean(row.gitops),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    appliedBy: row.applied_by ?? undefined,
    appliedAt: row.applied_at ? iso(row.applied_at) : undefined,
    result: row.result ?? undefined,
  };
}

/** ChangeStore on the plugin's Backstage database (SQLite or PostgreSQL); migrations run in DatabaseMeshStore. */
export class DatabaseChangeStore implements ChangeStore {
  constructor(private readonly db: Knex) {}

  async create(c: StoredChange): Promise<void> {
    const column: ResourcesColumn = {
      resources: c.resources,
      manifests: c.manifests,
    };
    await this.db<ChangeRow>(TABLE).insert({
      id: c.id,
      entity_ref: c.entityRef,
      cluster: c.cluster,
      status: c.status,
      description: c.description ?? null,
      revert_of: c.revertOf ?? null,
      resources: JSON.stringify(column),
      findings: JSON.stringify(c.findings),
      dry_run: JSON.stringify(c.dryRun),
      gitops: c.gitops,
      created_by: c.createdBy,
      created_at: new Date(c.createdAt),
      applied_by: null,
      applied_at: null,
      result: null,
    });
  }

  async get(id: string): Promise<StoredChange | undefined> {
    const row = await this.db<ChangeRow>(TABLE).where({ id }).first();
    return row ? toChange(row) : undefined;
  }

  async claim(id: string, by: string): Promise<boolean> {
    // A conditional update is atomic on both databases: of two racing claims, one updates a row.
    const updated = await this.db<ChangeRow>(TABLE)
      .where({ id, status: 'previewed' })
      .update({ status: 'applying', applied_by: by });
    return updated === 1;
  }

  async finish(
    id: string,
    outcome: {
      status: StoredChange['status'];
      by: string;
      at: string;
      result?: string;
    },
  ): Promise<void> {
    await this.db<ChangeRow>(TABLE)
      .where({ id })
      .update({
        status: outcome.status,
        applied_by: outcome.by,
        applied_at: new Date(outcome.at),
        result: outcome.result ?? null,
      });
  }

  async listForEntity(entityRef: string, limit = 100): Promise<StoredChange[]> {
    const rows = await this.db<ChangeRow>(TABLE)
      .where({ entity_ref: entityRef })
      .whereNot({ status: 'previewed' })
      .orderBy('created_at', 'desc')
      .limit(limit);
    return rows.map(toChange);
  }
}
