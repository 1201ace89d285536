import { MeshSummary } from '@meshport/plugin-mesh-common';
import { MeshMetricsConfig } from '@meshport/plugin-mesh-node';

export type RegistrationSource = 'config' | 'api';

/** A registered cluster as stored, without its credentials. */
export interface StoredCluster {
  name: string;
  title?: string;
  apiUrl: string;
  /** PEM. */
  caData?: string;
  insecureSkipTlsVerify: boolean;
  /** The registration accepted an http:// apiUrl (the token travels in clear text). */
  allowInsecure: boolean;
  /** Managed by GitOps: changes are exported, never applied. */
  gitops: boolean;
  /** Writes carry Impersonate-User/Group of the Backstage user. */
  impersonate: boolean;
  labels: Record<string, string>;
  source: RegistrationSource;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Secret material for reaching a cluster. Only the cache and connection tester see it. */
export interface ClusterCredentials {
  kind: 'bearerToken';
  token: string;
}

export interface NewCluster extends Omit<
  StoredCluster,
  'createdAt' | 'updatedAt'
> {
  credentials: ClusterCredentials;
}

/** A registered mesh as stored: the API's summary plus the time of the last change. */
export interface StoredMesh extends MeshSummary {
  updatedAt: string;
}

export interface NewMesh extends Omit<
  StoredMesh,
  'createdAt' | 'updatedAt' | 'prometheusAuth'
> {
  /** Sent as `Authorization` to Prometheus; stored sealed, never read back into a StoredMesh. */
  prometheusAuthHeader?: string;
}

/**
 * The registry of clusters and meshes. Writes are atomic: a failed write changes nothing.
 * Errors: ConflictError for a duplicate name or a delete that would orphan a mesh,
 * InputError for references to unknown clusters.
 */
export interface MeshStore {
  listClusters(): Promise<StoredCluster[]>;
  getCluster(name: string): Promise<StoredCluster | undefined>;
  getClusterCredentials(name: string): Promise<ClusterCredentials | undefined>;
  /**
   * The cluster and its credentials from one row read, for a write: the flags recorded with the
   * change (gitops, impersonate) are then those of the connection that made it.
   */
  getClusterForWrite(
    name: string,
  ): Promise<
    { cluster: StoredCluster; credentials: ClusterCredentials } | undefined
  >;
  createCluster(cluster: NewCluster): Promise<StoredCluster>;
  /** Inserts or replaces a config-sourced cluster; never overwrites one registered through the API. */
  upsertConfigCluster(
    cluster: NewCluster,
  ): Promise<'created' | 'updated' | 'skipped'>;
  deleteCluster(name: string): Promise<boolean>;

  listMeshes(): Promise<StoredMesh[]>;
  getMesh(name: string): Promise<StoredMesh | undefined>;
  createMesh(mesh: NewMesh): Promise<StoredMesh>;
  upsertConfigMesh(mesh: NewMesh): Promise<'created' | 'updated' | 'skipped'>;
  deleteMesh(name: string): Promise<boolean>;
  /**
   * Every mesh's metrics settings with the Prometheus header unsealed, for the metrics sources
   * only: the one place the header leaves the store.
   */
  listMeshMetricsConfigs(): Promise<MeshMetricsConfig[]>;
}
