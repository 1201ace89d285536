export interface Config {
  /** Meshport's mesh backend plugin. */
  mesh?: {
    /**
     * Secret used to encrypt cluster credentials at rest in the database (at least 16 characters).
     * Changing it makes stored credentials unreadable.
     * @visibility secret
     */
    encryptionKey: string;
    /**
     * Allow cluster API URLs on private, loopback, link-local, unique-local and unspecified
     * addresses (IPv4 and IPv6, also when a host name resolves to one), for registrations, connection
     * tests and clusters from config. Off by default, so a registration cannot make the backend
     * send a token into its own network (metadata services, databases). Turn it on when your
     * clusters are on a private network, as the embedded default's sandbox on 127.0.0.1 is.
     */
    allowPrivateClusterUrls?: boolean;
    /**
     * How often (seconds) each backend replica re-reads the cluster and mesh registrations, so a
     * cluster registered through one replica is watched by the others. Default 10.
     */
    registrySyncSeconds?: number;
    /**
     * Clusters registered from config on start; they are kept in the database like any other.
     * One whose apiUrl breaks the URL rules is skipped with a warning, with the meshes it is in.
     */
    clusters?: Array<{
      /** DNS-1123 label, unique. */
      name: string;
      title?: string;
      /** Kubernetes API server URL. */
      apiUrl: string;
      /** PEM or base64 PEM of the API server's CA. */
      caData?: string;
      /** Path to a PEM file with the API server's CA. */
      caFile?: string;
      insecureSkipTlsVerify?: boolean;
      /** Permit an http:// apiUrl (the token then travels in clear text); https only otherwise. */
      allowInsecure?: boolean;
      /** The cluster is managed by GitOps: Meshport exports changes for it instead of applying them. */
      gitops?: boolean;
      /** Writes carry Impersonate-User/Group of the Backstage user, so the cluster's RBAC applies too. */
      impersonate?: boolean;
      /**
       * Bearer token.
       * @visibility secret
       */
      token?: string;
      /** Path to a file holding the bearer token. */
      tokenFile?: string;
      labels?: { [key: string]: string };
    }>;
    /** Meshes registered from config on start. */
    meshes?: Array<{
      name: string;
      title?: string;
      kind: 'external' | 'managed';
      controlPlaneCluster: string;
      members: Array<{
        cluster: string;
        role: 'primary' | 'remote';
        network?: string;
      }>;
      revision?: string;
      version?: string;
      trustDomain?: string;
      /** Istio's meshConfig.rootNamespace; `istio-system` when absent. */
      rootNamespace?: string;
      /** The member clusters' DNS domain; `cluster.local` when absent. */
      clusterDomain?: string;
      /**
       * Prometheus's base URL (http or https), e.g. `http://prometheus.istio-system:9090`, for the
       * Topology tab's graph and charts. Private and loopback addresses need
       * `mesh.allowPrivateClusterUrls`; a URL that breaks the rules drops the mesh's metrics
       * settings with a warning.
       */
      prometheusUrl?: string;
      /**
       * Sent as the `Authorization` header to Prometheus, e.g. `Bearer <token>`. Stored encrypted
       * with `mesh.encryptionKey`; never returned by any route nor logged.
       * @visibility secret
       */
      prometheusAuthHeader?: string;
      /**
       * Prometheus-format endpoints (http or https) the backend scrapes itself when the mesh has
       * no Prometheus, keeping a short window in memory (the embedded default's sandbox metrics).
       */
      metricsScrapeUrls?: string[];
    }>;
    /**
     * Health of the Topology tab's nodes and edges. Kiali's defaults always apply after your
     * rules: 5xx degraded above 0 %, failure at 10 %; 4xx degraded at 10 %, failure at 20 %. An
     * invalid value stops the backend at start with the field's path (`mesh.health.rate.0.code …`).
     */
    health?: {
      /**
       * Error-rate rules, checked in order before the defaults; for each response code the first
       * rule matching the node and the code decides (Kiali's `health_config.rate`, one level).
       */
      rate?: Array<{
        /** Regular expression on the namespace (anchored). */
        namespace?: string;
        /** Regular expression on the workload's (or app's, or service's) name (anchored). */
        workload?: string;
        /** The node kinds (`workload`, `app`, `service`, `gateway`, …, or `edge`) the rule is for. */
        kind?: string | string[];
        direction?: 'inbound' | 'outbound';
        protocol?: 'http' | 'grpc' | 'tcp';
        /** Regular expression on the response code, e.g. `5\d\d`. */
        code: string;
        /** Percent of requests at or above which the subject is degraded. */
        degraded: number;
        /** Percent of requests at or above which it fails. */
        failure: number;
      }>;
      /**
       * Default p99 latency objective (ms) for every node; an entity's annotation
       * `meshport.io/latency-slo-p99-ms` overrides it for its nodes.
       */
      latencySloP99Ms?: number;
    };
    /** The Topology tab's graphs and charts. */
    topology?: {
      /**
       * Seconds a graph or chart answer is shared between viewers asking the same question of
       * the same mesh (permission is still checked per request). Default 1, the Topology tab's
       * refresh of small graphs, so what a refresh shows is at most 1 s older than the request.
       */
      cacheSeconds?: number;
      /**
       * Seconds a metrics query may take before the graph answers without metrics (status
       * `unavailable`). Default 5.
       */
      queryTimeoutSeconds?: number;
    };
    /** How every mesh's Prometheus is asked. */
    prometheus?: {
      /**
       * `auto` (default): read Meshport's recorded series (`meshport prometheus-rules`) where a
       * rule fits the query, found through Prometheus's rules API. `off`: always the raw series.
       */
      recordingRules?: 'auto' | 'off';
      /**
       * Ask Prometheus for gzipped answers. Default false: on a cluster network compressing and
       * inflating large answers costs more than sending them; set it for a Prometheus far away.
       */
      compression?: boolean;
    };
    /** Canary releases (the controller that steps them). */
    canary?: {
      /**
       * Seconds between the controller's looks for due canaries (a scheduler task that runs on
       * one replica at a time). A canary's own interval is rounded up to this. Default 5.
       */
      tickSeconds?: number;
      /** Canary steps judged at once. Default 16. */
      concurrency?: number;
    };
  };
}
