/** The programmatic API's types (re-exported from the package root). */

export type SandboxScenario = 'demo' | 'empty';

export interface SandboxClusterSpec {
  name: string;
  /** `demo` (the default) deploys Bookinfo into `bookinfo`; `empty` leaves only the system and Istio objects. */
  scenario?: SandboxScenario;
  /** Extra manifest files or directories to load into the `default` namespace (or each object's own). */
  manifests?: string[];
}

export interface SandboxOptions {
  /** Default: one cluster `sandbox` with the demo scenario. */
  clusters?: SandboxClusterSpec[];
  /** Keeps each cluster's CA, key and token across restarts, and receives `<name>.kubeconfig` and `endpoints.json`. Default: a temporary directory, removed on stop. */
  stateDir?: string;
  /** Serve HTTPS with a generated CA (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Cluster i listens on port + i; 0 (default) picks free ports. */
  port?: number;
  /** How long a pod stays Pending before it runs and is Ready (default 1500 ms). */
  podReadyDelayMs?: number;
  /** The simulated Istio version, e.g. for proxy images (default 1.27.1). */
  istioVersion?: string;
  /** Where the shared fixtures are (default: MESHPORT_FIXTURES_DIR or <repo>/../shared/fixtures). */
  fixturesDir?: string;
  /** Receives one line per notable event; silent by default. */
  logger?: (line: string) => void;
  /** Log every API request through `logger` (default false). */
  logRequests?: boolean;
  /** Advanced: how often watches that allow bookmarks get a BOOKMARK (default 10 s). */
  watchBookmarkIntervalMs?: number;
  /** Advanced: events kept per resource for resuming watches before they get 410 Gone (default 1000). */
  watchHistoryLimit?: number;
}

export interface SandboxCluster {
  name: string;
  /** https://127.0.0.1:<port> (or http:// without TLS). */
  apiUrl: string;
  /** Bearer token accepted by the API server. */
  token: string;
  /** The CA certificate (PEM) that signed the server certificate; absent without TLS. */
  caData?: string;
  caFile?: string;
  tokenFile: string;
  kubeconfigPath: string;
}

export interface Sandbox {
  clusters: SandboxCluster[];
  /** The cluster with this name; throws if there is none. */
  cluster(name: string): SandboxCluster;
  stateDir: string;
  stop(): Promise<void>;
}

export interface EndpointsFile {
  clusters: Array<{
    name: string;
    apiUrl: string;
    /** Metrics come in a later round. */
    metricsUrl: string | null;
    kubeconfig: string;
    caFile: string | null;
    tokenFile: string;
  }>;
}
