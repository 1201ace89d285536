/** Everything needed to talk to one cluster's API server. Lives only in the backend. */
export interface ClusterConnection {
  name: string;
  apiUrl: string;
  /** PEM. */
  caData?: string;
  insecureSkipTlsVerify: boolean;
  token: string;
}
