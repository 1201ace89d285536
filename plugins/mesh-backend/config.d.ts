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
      prometheusUrl?: string;
    }>;
  };
}
