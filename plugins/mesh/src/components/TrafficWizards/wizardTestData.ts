// Test data for the wizard dialogs: Bookinfo's reviews with v1–v3 subsets and a VirtualService on v1.
import { ClusterTraffic, LiveResource } from '@meshport/plugin-mesh-common';
import { LiveResourceQuery, MeshEntityRef } from '../../api/MeshApi';

export const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

export function reviewsTraffic(): ClusterTraffic {
  const subset = (name: string) => ({
    name,
    labels: { version: name },
    pods: 1,
    readyPods: 1,
    policies: [],
  });
  return {
    cluster: 'east',
    sync: {
      status: 'synced',
      objectCounts: {},
    } as unknown as ClusterTraffic['sync'],
    services: [
      {
        name: 'reviews',
        namespace: 'bookinfo',
        host: REVIEWS,
        ports: [{ name: 'http', port: 9080 }],
      },
    ],
    resources: [
      {
        cluster: 'east',
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        reasons: ['routes host reviews'],
        findings: [],
      },
      {
        cluster: 'east',
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        namespace: 'bookinfo',
        name: 'reviews',
        reasons: ['host reviews'],
        findings: [],
        host: 'reviews',
        subsets: ['v1', 'v2', 'v3'].map(subset),
      },
    ],
  };
}

const LIVE: Record<string, Record<string, unknown>> = {
  VirtualService: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '12' },
    spec: {
      hosts: ['reviews'],
      http: [
        {
          name: 'jason',
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
        },
        { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
      ],
    },
  },
  DestinationRule: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '7' },
    spec: {
      host: 'reviews',
      subsets: ['v1', 'v2', 'v3'].map(v => ({
        name: v,
        labels: { version: v },
      })),
    },
  },
  // Not one of the resources the wizards edit: read for its selector (the rate limit's pods).
  Service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '3' },
    spec: {
      selector: { app: 'reviews' },
      ports: [{ name: 'http', port: 9080 }],
    },
  },
};

/** `getLiveResource` answering with the live VirtualService, DestinationRule and Service above. */
export async function liveReviews(
  _entity: MeshEntityRef,
  q: LiveResourceQuery,
): Promise<LiveResource> {
  const manifest = LIVE[q.kind];
  if (!manifest) throw new Error(`no live ${q.kind}`);
  return {
    cluster: q.cluster,
    manifest: JSON.parse(JSON.stringify(manifest)),
    yaml: '',
  };
}
