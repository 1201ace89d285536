import {
  apiVersionOf,
  kindPath,
  KubeObject,
  WATCHED_KINDS,
} from '../../plugins/mesh-common/src';
import { KubeHttpClient } from '../../plugins/mesh-backend/src/cluster/KubeHttpClient';

/**
 * Every object of the kinds the backend watches, listed once from a cluster's API (the first
 * version each kind is served at), with apiVersion and kind set as a watch would: what benches
 * feed the engines in-process to compare against the backend's routes.
 */
export async function listWatchedObjects(cluster: {
  name: string;
  apiUrl: string;
  caData?: string;
  token: string;
}): Promise<KubeObject[]> {
  const kube = new KubeHttpClient({
    name: cluster.name,
    apiUrl: cluster.apiUrl,
    caData: cluster.caData,
    insecureSkipTlsVerify: false,
    token: cluster.token,
  });
  const objects: KubeObject[] = [];
  try {
    for (const kind of WATCHED_KINDS)
      for (const version of kind.versions) {
        const reply = await kube.request({
          method: 'GET',
          path: kindPath(kind, version),
        });
        if (reply.status !== 200) continue;
        for (const item of (JSON.parse(reply.body) as { items: KubeObject[] })
          .items)
          objects.push({
            ...item,
            apiVersion: apiVersionOf(kind, version),
            kind: kind.kind,
          });
        break;
      }
  } finally {
    kube.close();
  }
  return objects;
}
