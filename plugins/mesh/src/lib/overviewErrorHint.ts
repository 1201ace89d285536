import { ResponseError } from '@backstage/errors';

/**
 * What a user can do about a failed overview request. The backend's message says what went wrong;
 * this says where to look, keyed by status because the same status always has the same remedy.
 */
export function overviewErrorHint(error: Error): string {
  const status = error instanceof ResponseError ? error.statusCode : undefined;
  switch (status) {
    case 400:
      return "The mesh backend could not use this entity's Kubernetes annotations. Check backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector in its catalog-info.yaml.";
    case 401:
      return 'Your session has expired: sign in again.';
    case 403:
      return 'You are not allowed to read mesh data. Ask a portal admin for the mesh.cluster.read permission.';
    case 404:
      return 'The catalog does not know this entity (yet). If it was just registered, wait for the catalog to process it.';
    case undefined:
      return 'The mesh backend could not be reached. Check that the backend is running and has @meshport/plugin-mesh-backend installed.';
    default:
      return 'The mesh backend failed to answer. Its log says more; the tab retries every few seconds.';
  }
}
