import { RegisterClusterRequest } from '@meshport/plugin-mesh-common';

/** What the register-cluster form holds: plain strings as typed, before any trimming. */
export interface ClusterFormValues {
  name: string;
  title: string;
  apiUrl: string;
  caData: string;
  insecureSkipTlsVerify: boolean;
  token: string;
}

export const emptyClusterForm: ClusterFormValues = {
  name: '',
  title: '',
  apiUrl: '',
  caData: '',
  insecureSkipTlsVerify: false,
  token: '',
};

/**
 * Turns form input into the request body. Empty optional inputs are left out rather than sent as
 * `""`, because the schema treats a present `caData` as "use this CA" and a present title as a title.
 * The result is still unvalidated: pass it through `registerClusterRequestSchema`.
 */
export function toRegisterClusterRequest(values: ClusterFormValues): RegisterClusterRequest {
  const title = values.title.trim();
  const caData = values.caData.trim();
  return {
    name: values.name.trim(),
    ...(title ? { title } : {}),
    apiUrl: values.apiUrl.trim(),
    ...(caData ? { caData } : {}),
    ...(values.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    // Tokens are pasted; a trailing newline from a terminal is never part of the token.
    token: values.token.trim(),
  };
}
