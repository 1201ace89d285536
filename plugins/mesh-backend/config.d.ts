export interface Config {
  /** Meshport's mesh backend plugin. */
  mesh?: {
    /**
     * Secret used to encrypt cluster credentials at rest in the database (at least 16 characters).
     * Changing it makes stored credentials unreadable.
     * @visibility secret
     */
    encryptionKey: string;
    /** Clusters registered from config on start; they are kept in the database like any other. */
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
      members: Array<{ cluster: string; role: 'primary' | 'remote'; network?: string }>;
      revision?: string;
      version?: string;
      trustDomain?: string;
      prometheusUrl?: string;
    }>;
  };
}
