/** Row shapes of the plugin's tables (see migrations/). */
export const TABLES = {
  clusters: 'mesh_clusters',
  meshes: 'mesh_meshes',
  memberships: 'mesh_memberships',
} as const;

export interface ClusterRow {
  name: string;
  title: string | null;
  api_url: string;
  ca_data: string | null;
  insecure_skip_tls_verify: boolean | number;
  allow_insecure: boolean | number;
  gitops: boolean | number;
  impersonate: boolean | number;
  auth_kind: string;
  credentials_encrypted: string;
  labels: string;
  source: 'config' | 'api';
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface MeshRow {
  name: string;
  title: string | null;
  kind: 'external' | 'managed';
  control_plane_cluster: string;
  revision: string | null;
  version: string | null;
  trust_domain: string;
  root_namespace?: string | null;
  cluster_domain?: string | null;
  prometheus_url: string | null;
  /** SecretBox-sealed Authorization header for Prometheus. */
  prometheus_auth_encrypted?: string | null;
  /** JSON array of URLs. */
  metrics_scrape_urls?: string | null;
  source: 'config' | 'api';
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface MembershipRow {
  mesh_name: string;
  cluster_name: string;
  role: 'primary' | 'remote';
  network: string | null;
}
