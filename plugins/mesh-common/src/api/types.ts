import { SidecarStatus } from '../overview/sidecar';

/** Sync state of one cluster's watched cache, as every view reports it. */
export interface ClusterSyncState {
  /** `synced`: every watched kind listed and watching; `syncing`: first list in progress; `error`: the cluster cannot be reached or listed; `stopped`: not watched. */
  status: 'synced' | 'syncing' | 'error' | 'stopped';
  /** ISO time of the last watch event or successful (re)list. */
  lastEventAt?: string;
  /** ISO time the cache last became fully synced. */
  lastSyncedAt?: string;
  /**
   * ISO time since which the cached data may be out of date: a watch dropped and has not yet
   * been re-established by a fresh list. Absent while every watch is live.
   */
  staleSince?: string;
  lastError?: { message: string; at: string };
  /** Objects held per kind, e.g. `{ pods: 9, virtualservices: 4 }`. */
  objectCounts: Record<string, number>;
  /** Kinds the cluster does not serve (e.g. Istio CRDs not installed). */
  missingKinds: string[];
}

export interface ClusterSummary {
  name: string;
  title?: string;
  apiUrl: string;
  authKind: 'bearerToken';
  hasCaData: boolean;
  insecureSkipTlsVerify: boolean;
  /** Managed by GitOps: Meshport exports changes for this cluster instead of applying them. */
  gitops: boolean;
  /** Writes carry Impersonate-User/Group of the Backstage user, so the cluster's RBAC applies too. */
  impersonate: boolean;
  /** `config`: seeded from app-config; `api`: registered through the API or admin page. */
  source: 'config' | 'api';
  labels: Record<string, string>;
  createdBy: string;
  createdAt: string;
  sync: ClusterSyncState;
}

export interface MeshMember {
  cluster: string;
  role: 'primary' | 'remote';
  network?: string;
}

export interface MeshSummary {
  name: string;
  title?: string;
  kind: 'external' | 'managed';
  controlPlaneCluster: string;
  members: MeshMember[];
  revision?: string;
  version?: string;
  trustDomain: string;
  /** Istio's root namespace (meshConfig.rootNamespace); `istio-system` when not registered. */
  rootNamespace?: string;
  /** The clusters' DNS domain, for `name.ns.svc.<domain>`; `cluster.local` when not registered. */
  clusterDomain?: string;
  prometheusUrl?: string;
  /** Whether an Authorization header for Prometheus is registered (the header itself is never returned). */
  prometheusAuth?: boolean;
  /** Prometheus-format endpoints scraped directly when the mesh has no Prometheus. */
  metricsScrapeUrls?: string[];
  source: 'config' | 'api';
  createdBy: string;
  createdAt: string;
}

export interface PodView {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  restarts: number;
  nodeName?: string;
  sidecar: SidecarStatus;
  proxyVersion?: string;
}

export interface WorkloadView {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  replicas: { desired: number; ready: number };
  pods: PodView[];
}

export interface ServiceView {
  name: string;
  namespace: string;
  host: string;
  type?: string;
  clusterIP?: string;
  selector: Record<string, string>;
  ports: Array<{
    name?: string;
    port: number;
    protocol?: string;
    appProtocol?: string;
    targetPort?: number | string;
  }>;
}

export interface IstioResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Why it concerns this entity, e.g. `routes host reviews.bookinfo.svc.cluster.local`. */
  reasons: string[];
}

export interface ClusterOverview {
  cluster: string;
  sync: ClusterSyncState;
  workloads: WorkloadView[];
  services: ServiceView[];
  istioResources: IstioResourceRef[];
  summary: {
    pods: number;
    podsReady: number;
    podsWithSidecar: number;
    /** Pods whose sidecar state disagrees with the injection policy. */
    injectionMismatches: number;
    proxyVersions: string[];
  };
}

export interface EntityOverview {
  entityRef: string;
  selector: {
    labelSelector: string;
    namespace?: string;
    serviceNames: string[];
    mesh?: string;
  };
  /** Clusters considered (a mesh's members when the entity names a mesh, else every registered cluster). */
  clusters: ClusterOverview[];
  /** ISO time the view was computed. */
  generatedAt: string;
}
