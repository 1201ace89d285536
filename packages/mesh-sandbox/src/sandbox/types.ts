import type { IstioRevision } from '../istio/istioSystemObjects';
import type { TrafficOptions } from '../traffic/TrafficSimulator';
import type { MeshShape } from '../scale/generateMesh';
import type { CallGraph } from '../traffic/types';

/** The programmatic API's types (re-exported from the package root). */

export type SandboxScenario = 'demo' | 'empty';

export interface SandboxClusterSpec {
  name: string;
  /** `demo` (the default) deploys Bookinfo into `bookinfo`; `empty` leaves only the system and Istio objects. */
  scenario?: SandboxScenario;
  /** Extra manifest files or directories to load into the `default` namespace (or each object's own). */
  manifests?: string[];
  /**
   * Services calling services, played as traffic with Istio's routing applied. The demo scenario
   * adds Bookinfo's own graph; these come on top.
   */
  callGraphs?: CallGraph[];
  /** Also deploy a generated mesh of this shape (namespaces `mesh-000`, …) with its call graph. */
  mesh?: MeshShape;
  /**
   * Control planes besides the plain install ("default"), as after `istioctl install --revision`:
   * each gets istiod-<name> and its injector webhook. Namespaces opt in with `istio.io/rev=<name>`.
   */
  istioRevisions?: IstioRevision[];
  /** Revision tags, tag → revision, as `istioctl tag set` makes them (`default` takes `istio-injection=enabled`). */
  istioTags?: Record<string, string>;
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
  /** Advanced: how long a watch without timeoutSeconds lasts before the server ends it (default 30 min; real apiservers end them after 30-60 min). */
  watchTimeoutMs?: number;
  /** The traffic model's clock and rates (default: a tick per second, rates as declared). */
  traffic?: TrafficOptions;
  /** Cluster i serves metrics on metricsPort + i; 0 (default) picks free ports. */
  metricsPort?: number;
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
  /** A read-only token (the `view` ClusterRole: no Secrets, no writes; anything else is 403). */
  viewerToken: string;
  viewerTokenFile: string;
  kubeconfigPath: string;
  /** `<name>-viewer.kubeconfig`: the same cluster with the read-only token. */
  viewerKubeconfigPath: string;
  /** Istio's metrics for this cluster in Prometheus' text format: http://127.0.0.1:<port>/metrics, no auth. */
  metricsUrl: string;
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
    /** Prometheus scrape URL of the cluster's Istio metrics (plain HTTP, no auth). */
    metricsUrl: string | null;
    kubeconfig: string;
    caFile: string | null;
    tokenFile: string;
    /** The read-only token (`view` ClusterRole). */
    viewerTokenFile: string;
  }>;
}
