import { RegisterClusterRequest } from '@meshport/plugin-mesh-common';

/** What the register-cluster form holds: plain strings as typed, before any trimming. */
export interface ClusterFormValues {
  name: string;
  title: string;
  apiUrl: string;
  caData: string;
  insecureSkipTlsVerify: boolean;
  /** Permit an http:// API URL; the form offers it only while the URL is http://. */
  allowInsecure: boolean;
  gitops: boolean;
  impersonate: boolean;
  token: string;
}

export const emptyClusterForm: ClusterFormValues = {
  name: '',
  title: '',
  apiUrl: '',
  caData: '',
  insecureSkipTlsVerify: false,
  allowInsecure: false,
  gitops: false,
  impersonate: false,
  token: '',
};

/** Whether an API URL (as typed) is plain http, the case that needs `allowInsecure`. */
export function isPlainHttpUrl(apiUrl: string): boolean {
  return apiUrl.trim().startsWith('http://');
}

/**
 * Turns form input into the request body. Empty optional inputs are left out rather than sent as
 * `""`, because the schema treats a present `caData` as "use this CA" and a present title as a title.
 * Flags are sent only when set, and `allowInsecure` only for an http URL: a box ticked for an
 * earlier http URL and then hidden should not travel with an https one.
 * The result is still unvalidated: pass it through `registerClusterRequestSchema`.
 */
export function toRegisterClusterRequest(
  values: ClusterFormValues,
): RegisterClusterRequest {
  const title = values.title.trim();
  const apiUrl = values.apiUrl.trim();
  const caData = values.caData.trim();
  return {
    name: values.name.trim(),
    ...(title ? { title } : {}),
    apiUrl,
    ...(caData ? { caData } : {}),
    ...(values.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(values.allowInsecure && isPlainHttpUrl(apiUrl)
      ? { allowInsecure: true }
      : {}),
    ...(values.gitops ? { gitops: true } : {}),
    ...(values.impersonate ? { impersonate: true } : {}),
    // Tokens are pasted; a trailing newline from a terminal is never part of the token.
    token: values.token.trim(),
  };
}
