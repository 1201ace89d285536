import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { MeshMetricsConfig } from '@meshport/plugin-mesh-node';
import { Knex } from 'knex';
import {
  ClusterCredentials,
  MeshStore,
  NewCluster,
  NewMesh,
  StoredCluster,
  StoredMesh,
} from './MeshStore';
import { SecretBox } from './SecretBox';
import { ClusterRow, MembershipRow, MeshRow, TABLES } from './tables';

const migrationsDir = resolvePackagePath(
  '@meshport/plugin-mesh-backend',
  'migrations',
);

const iso = (v: Date | string): string => new Date(v).toISOString();

function toCluster(row: ClusterRow): StoredCluster {
  return {
    name: row.name,
    title: row.title ?? undefined,
    apiUrl: row.api_url,
    caData: row.ca_data ?? undefined,
    insecureSkipTlsVerify: Boolean(row.insecure_skip_tls_verify),
    // SQLite answers booleans as 0/1.
    allowInsecure: Boolean(row.allow_insecure),
    gitops: Boolean(row.gitops),
    impersonate: Boolean(row.impersonate),
    labels: JSON.parse(row.labels) as Record<string, string>,
    source: row.source,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toMesh(row: MeshRow, members: MembershipRow[]): StoredMesh {
  return {
    name: row.name,
    title: row.title ?? undefined,
    kind: row.kind,
    controlPlaneCluster: row.control_plane_cluster,
    members: members.map(m => ({
      cluster: m.cluster_name,
      role: m.role,
      network: m.network ?? undefined,
    })),
    revision: row.revision ?? undefined,
    version: row.version ?? undefined,
    trustDomain: row.trust_domain,
    rootNamespace: row.root_namespace ?? undefined,
    clusterDomain: row.cluster_domain ?? undefined,
    prometheusUrl: row.prometheus_url ?? undefined,
    prometheusAuth: !!row.prometheus_auth_encrypted,
    metricsScrapeUrls: row.metrics_scrape_urls
      ? (JSON.parse(row.metrics_scrape_urls) as string[])
      : undefined,
    source: row.source,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** MeshStore on the plugin's own Backstage database (SQLite or PostgreSQL), via knex. */
export class DatabaseMeshStore implements MeshStore {
  static async create(options: {
    database: DatabaseService;
    secretBox: SecretBox;
  }): Promise<DatabaseMeshStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMeshStore(knex, options.secretBox);
  }

  /** For tests that bring their own knex. */
  static async createFromKnex(
    knex: Knex,
    secretBox: SecretBox,
  ): Promise<DatabaseMeshStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseMeshStore(knex, secretBox);
  }

  private constructor(
    private readonly db: Knex,
    private readonly secretBox: SecretBox,
  ) {}

  async listClusters(): Promise<StoredCluster[]> {
    const rows = await this.db<ClusterRow>(TABLES.clusters).orderBy('name');
    return rows.map(toCluster);
  }

  async getCluster(name: string): Promise<StoredCluster | undefined> {
    const row = await this.db<ClusterRow>(TABLES.clusters)
      .where({ name })
      .first();
    return row ? toCluster(row) : undefined;
  }

  async getClusterCredentials(
    name: string,
  ): Promise<ClusterCredentials | undefined> {
    const row = await this.db<ClusterRow>(TABLES.clusters)
      .where({ name })
      .first('credentials_encrypted');
    if (!row) return undefined;
    return JSON.parse(
      this.secretBox.open(row.credentials_encrypted),
    ) as ClusterCredentials;
  }

  async getClusterForWrite(
    name: string,
  ): Promise<
    { cluster: StoredCluster; credentials: ClusterCredentials } | undefined
  > {
    const row = await this.db<ClusterRow>(TABLES.clusters)
      .where({ name })
      .first();
    if (!row) return undefined;
    return {
      cluster: toCluster(row),
      credentials: JSON.parse(
        this.secretBox.open(row.credentials_encrypted),
      ) as ClusterCredentials,
    };
  }

  private clusterRow(c: NewCluster, now: Date): ClusterRow {
    return {
      name: c.name,
      title: c.title ?? null,
      api_url: c.apiUrl,
      ca_data: c.caData ?? null,
      insecure_skip_tls_verify: c.insecureSkipTlsVerify,
      allow_insecure: c.allowInsecure,
      gitops: c.gitops,
      impersonate: c.impersonate,
      auth_kind: c.credentials.kind,
      credentials_encrypted: this.secretBox.seal(JSON.stringify(c.credentials)),
      labels: JSON.stringify(c.labels ?? {}),
      source: c.source,
      created_by: c.createdBy,
      created_at: now,
      updated_at: now,
    };
  }

  async createCluster(cluster: NewCluster): Promise<StoredCluster> {
    const now = new Date();
    await this.db.transaction(async tx => {
      const existing = await tx<ClusterRow>(TABLES.clusters)
        .where({ name: cluster.name })
        .first('name');
      if (existing)
        throw new ConflictError(
          `A cluster named "${cluster.name}" is already registered`,
        );
      await tx(TABLES.clusters).insert(this.clusterRow(cluster, now));
    });
    return (await this.getCluster(cluster.name))!;
  }

  async upsertConfigCluster(
    cluster: NewCluster,
  ): Promise<'created' | 'updated' | 'skipped'> {
    return this.db.transaction(async tx => {
      const existing = await tx<ClusterRow>(TABLES.clusters)
        .where({ name: cluster.name })
        .first();
      const now = new Date();
      if (!existing) {
        await tx(TABLES.clusters).insert(this.clusterRow(cluster, now));
        return 'created';
      }
      if (existing.source !== 'config') return 'skipped';
      const {
        created_at: _created,
        created_by: _by,
        ...row
      } = this.clusterRow(cluster, now);
      await tx(TABLES.clusters).where({ name: cluster.name }).update(row);
      return 'updated';
    });
  }

  async deleteCluster(name: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const used = await tx<MembershipRow>(TABLES.memberships)
        .where({ cluster_name: name })
        .select('mesh_name');
      if (used.length > 0) {
        throw new ConflictError(
          `Cluster "${name}" is a member of mesh ${used.map(u => `"${u.mesh_name}"`).join(', ')}: delete or change the mesh first`,
        );
      }
      const n = await tx(TABLES.clusters).where({ name }).delete();
      return n > 0;
    });
  }

  async listMeshes(): Promise<StoredMesh[]> {
    const [rows, members] = await Promise.all([
      this.db<MeshRow>(TABLES.meshes).orderBy('name'),
      this.db<MembershipRow>(TABLES.memberships).orderBy([
        'mesh_name',
        'cluster_name',
      ]),
    ]);
    return rows.map(r =>
      toMesh(
        r,
        members.filter(m => m.mesh_name === r.name),
      ),
    );
  }

  async getMesh(name: string): Promise<StoredMesh | undefined> {
    const row = await this.db<MeshRow>(TABLES.meshes).where({ name }).first();
    if (!row) return undefined;
    const members = await this.db<MembershipRow>(TABLES.memberships)
      .where({ mesh_name: name })
      .orderBy('cluster_name');
    return toMesh(row, members);
  }

  private async writeMesh(
    tx: Knex.Transaction,
    mesh: NewMesh,
    now: Date,
    mode: 'insert' | 'update',
  ) {
    const known = new Set(
      (
        await tx<ClusterRow>(TABLES.clusters)
          .whereIn(
            'name',
            mesh.members.map(m => m.cluster),
          )
          .select('name')
      ).map(r => r.name),
    );
    mesh.members.forEach((m, i) => {
      if (!known.has(m.cluster)) {
        throw new InputError(
          `members.${i}.cluster "${m.cluster}" is not a registered cluster`,
        );
      }
    });
    const row: Omit<MeshRow, 'created_at' | 'created_by'> = {
      name: mesh.name,
      title: mesh.title ?? null,
      kind: mesh.kind,
      control_plane_cluster: mesh.controlPlaneCluster,
      revision: mesh.revision ?? null,
      version: mesh.version ?? null,
      trust_domain: mesh.trustDomain,
      root_namespace: mesh.rootNamespace ?? null,
      cluster_domain: mesh.clusterDomain ?? null,
      prometheus_url: mesh.prometheusUrl ?? null,
      prometheus_auth_encrypted: mesh.prometheusAuthHeader
        ? this.secretBox.seal(mesh.prometheusAuthHeader)
        : null,
      metrics_scrape_urls: mesh.metricsScrapeUrls?.length
        ? JSON.stringify(mesh.metricsScrapeUrls)
        : null,
      source: mesh.source,
      updated_at: now,
    };
    if (mode === 'insert') {
      await tx(TABLES.meshes).insert({
        ...row,
        created_by: mesh.createdBy,
        created_at: now,
      });
    } else {
      await tx(TABLES.meshes).where({ name: mesh.name }).update(row);
      await tx(TABLES.memberships).where({ mesh_name: mesh.name }).delete();
    }
    await tx(TABLES.memberships).insert(
      mesh.members.map(m => ({
        mesh_name: mesh.name,
        cluster_name: m.cluster,
        role: m.role,
        network: m.network ?? null,
      })),
    );
  }

  async createMesh(mesh: NewMesh): Promise<StoredMesh> {
    await this.db.transaction(async tx => {
      const existing = await tx<MeshRow>(TABLES.meshes)
        .where({ name: mesh.name })
        .first('name');
      if (existing)
        throw new ConflictError(
          `A mesh named "${mesh.name}" is already registered`,
        );
      await this.writeMesh(tx, mesh, new Date(), 'insert');
    });
    return (await this.getMesh(mesh.name))!;
  }

  async upsertConfigMesh(
    mesh: NewMesh,
  ): Promise<'created' | 'updated' | 'skipped'> {
    return this.db.transaction(async tx => {
      const existing = await tx<MeshRow>(TABLES.meshes)
        .where({ name: mesh.name })
        .first();
      if (!existing) {
        await this.writeMesh(tx, mesh, new Date(), 'insert');
        return 'created';
      }
      if (existing.source !== 'config') return 'skipped';
      await this.writeMesh(tx, mesh, new Date(), 'update');
      return 'updated';
    });
  }

  async listMeshMetricsConfigs(): Promise<MeshMetricsConfig[]> {
    const rows = await this.db<MeshRow>(TABLES.meshes)
      .orderBy('name')
      .select(
        'name',
        'prometheus_url',
        'prometheus_auth_encrypted',
        'metrics_scrape_urls',
      );
    return rows.map(row => ({
      mesh: row.name,
      prometheusUrl: row.prometheus_url ?? undefined,
      prometheusAuthHeader: row.prometheus_auth_encrypted
        ? this.secretBox.open(row.prometheus_auth_encrypted)
        : undefined,
      scrapeUrls: row.metrics_scrape_urls
        ? (JSON.parse(row.metrics_scrape_urls) as string[])
        : undefined,
    }));
  }

  async deleteMesh(name: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx(TABLES.memberships).where({ mesh_name: name }).delete();
      const n = await tx(TABLES.meshes).where({ name }).delete();
      return n > 0;
    });
  }
}
