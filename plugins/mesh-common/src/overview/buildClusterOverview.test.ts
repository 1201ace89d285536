import { ClusterSyncState } from '../api/types';
import { KubeObject, Pod, Workload } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import {
  revisionWebhook,
  tagWebhook,
} from '../istio/model/__fixtures__/webhooks';
import {
  ClusterObjects,
  buildClusterOverview as buildFromIndex,
} from './buildClusterOverview';
import { entityMeshSelector, EntityMeshSelector } from './entitySelector';

const sync: ClusterSyncState = {
  status: 'synced',
  objectCounts: {},
  missingKinds: [],
};

function deployment(
  name: string,
  labels: Record<string, string>,
  replicas = 1,
): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'bookinfo', labels },
    spec: { replicas, template: { metadata: { labels } } },
  };
}
function replicaSet(name: string, owner: string): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'bookinfo',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: owner,
          uid: owner,
          controller: true,
        },
      ],
    },
  };
}
function pod(
  name: string,
  rs: string,
  labels: Record<string, string>,
  sidecar: boolean,
  ready = true,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'bookinfo',
      labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: rs,
          controller: true,
        },
      ],
    },
    spec: {
      containers: [
        { name: 'app' },
        ...(sidecar
          ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.1' }]
          : []),
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}
const istio = (
  kind: string,
  name: string,
  spec: unknown,
  namespace = 'bookinfo',
): KubeObject => ({
  apiVersion:
    kind === 'AuthorizationPolicy' || kind === 'PeerAuthentication'
      ? 'security.istio.io/v1'
      : 'networking.istio.io/v1',
  kind,
  metadata: { name, namespace },
  spec,
});

function bookinfo(): ClusterObjects {
  return {
    namespaces: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'bookinfo',
          labels: { 'istio-injection': 'enabled' },
        },
      },
    ],
    deployments: [
      deployment('reviews-v1', { app: 'reviews', version: 'v1' }),
      deployment('reviews-v2', { app: 'reviews', version: 'v2' }),
      deployment('ratings-v1', { app: 'ratings', version: 'v1' }),
    ],
    replicaSets: [
      replicaSet('reviews-v1-abc', 'reviews-v1'),
      replicaSet('reviews-v2-def', 'reviews-v2'),
      replicaSet('ratings-v1-ghi', 'ratings-v1'),
    ],
    statefulSets: [],
    pods: [
      pod(
        'reviews-v1-abc-1',
        'reviews-v1-abc',
        { app: 'reviews', version: 'v1' },
        true,
      ),
      pod(
        'reviews-v2-def-1',
        'reviews-v2-def',
        { app: 'reviews', version: 'v2' },
        false,
        false,
      ),
      pod(
        'ratings-v1-ghi-1',
        'ratings-v1-ghi',
        { app: 'ratings', version: 'v1' },
        true,
      ),
    ],
    services: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: {
          selector: { app: 'reviews' },
          ports: [{ name: 'http', port: 9080 }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ratings', namespace: 'bookinfo' },
        spec: {
          selector: { app: 'ratings' },
          ports: [{ name: 'http', port: 9080 }],
        },
      },
    ],
    istio: [
      istio('VirtualService', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      }),
      istio('VirtualService', 'bookinfo', {
        hosts: ['*'],
        gateways: ['bookinfo-gateway'],
        http: [{ route: [{ destination: { host: 'productpage' } }] }],
      }),
      istio('VirtualService', 'edge', {
        hosts: ['edge.example.com'],
        gateways: ['bookinfo-gateway'],
        http: [
          {
            route: [
              { destination: { host: 'reviews.bookinfo.svc.cluster.local' } },
            ],
          },
        ],
      }),
      istio('Gateway', 'bookinfo-gateway', {
        selector: { istio: 'ingressgateway' },
      }),
      istio('DestinationRule', 'reviews', { host: 'reviews' }),
      istio('DestinationRule', 'ratings', { host: 'ratings' }),
      istio('AuthorizationPolicy', 'reviews-viewer', {
        selector: { matchLabels: { app: 'reviews' } },
      }),
      istio('AuthorizationPolicy', 'ratings-only', {
        selector: { matchLabels: { app: 'ratings' } },
      }),
      istio('PeerAuthentication', 'default', {}, 'istio-system'),
      istio('PeerAuthentication', 'ns-wide', {}),
      istio('DestinationRule', 'other-ns', { host: 'reviews' }, 'other'),
    ],
  };
}

/** The objects of one cluster, filed in a fresh index under that cluster. */
function indexOf(
  objects: ClusterObjects,
  cluster = 'sandbox',
  index = new MeshIndex(),
): MeshIndex {
  const all = [
    ...objects.namespaces,
    ...objects.pods,
    ...objects.services,
    ...objects.deployments,
    ...objects.replicaSets,
    ...objects.statefulSets,
    ...(objects.daemonSets ?? []),
    ...objects.istio,
  ];
  for (const o of all) index.upsert(o, cluster);
  return index;
}

/** The old call shape, on an index holding just these objects. */
function buildClusterOverview(
  cluster: string,
  s: ClusterSyncState,
  objects: ClusterObjects,
  selector: EntityMeshSelector,
) {
  return buildFromIndex(cluster, s, indexOf(objects, cluster), selector);
}

function selectorFor(annotations: Record<string, string>): EntityMeshSelector {
  const r = entityMeshSelector({ metadata: { annotations } });
  if (!r.ok) throw new Error(r.message);
  return r.selector;
}

describe('buildClusterOverview', () => {
  const reviews = selectorFor({
    'backstage.io/kubernetes-label-selector': 'app=reviews',
    'backstage.io/kubernetes-namespace': 'bookinfo',
  });

  it('groups the entity pods under their Deployments with replicas and sidecars', () => {
    const o = buildClusterOverview('sandbox', sync, bookinfo(), reviews);
    expect(o.workloads.map(w => w.name)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(o.workloads[0]).toMatchObject({
      kind: 'Deployment',
      replicas: { desired: 1, ready: 1 },
    });
    expect(o.workloads[1].replicas).toEqual({ desired: 1, ready: 0 });
    expect(o.workloads[0].pods[0]).toMatchObject({
      name: 'reviews-v1-abc-1',
      proxyVersion: '1.27.1',
      sidecar: { injected: true },
    });
    expect(o.workloads[1].pods[0].sidecar).toMatchObject({
      injected: false,
      expected: true,
    });
    expect(o.summary).toEqual({
      pods: 2,
      podsReady: 1,
      podsWithSidecar: 1,
      injectionMismatches: 1,
      proxyVersions: ['1.27.1'],
    });
  });

  it('finds the Services selecting those pods', () => {
    const o = buildClusterOverview('sandbox', sync, bookinfo(), reviews);
    expect(o.services.map(s => s.host)).toEqual([
      'reviews.bookinfo.svc.cluster.local',
    ]);
  });

  it('finds Istio resources by host, selector, namespace scope and gateway binding, with reasons', () => {
    const o = buildClusterOverview('sandbox', sync, bookinfo(), reviews);
    const byName = Object.fromEntries(
      o.istioResources.map(r => [
        `${r.kind}/${r.namespace}/${r.name}`,
        r.reasons,
      ]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'AuthorizationPolicy/bookinfo/reviews-viewer',
      'DestinationRule/bookinfo/reviews',
      'Gateway/bookinfo/bookinfo-gateway',
      'PeerAuthentication/bookinfo/ns-wide',
      'PeerAuthentication/istio-system/default',
      'VirtualService/bookinfo/edge',
      'VirtualService/bookinfo/reviews',
    ]);
    expect(byName['VirtualService/bookinfo/reviews']).toEqual([
      'serves host reviews.bookinfo.svc.cluster.local',
      'routes to reviews.bookinfo.svc.cluster.local',
    ]);
    expect(byName['Gateway/bookinfo/bookinfo-gateway']).toEqual([
      'bound by VirtualService bookinfo/edge',
    ]);
    expect(byName['PeerAuthentication/istio-system/default']).toEqual([
      'applies mesh-wide (root namespace istio-system)',
    ]);
  });

  it('does not count a "*" host VirtualService routing elsewhere', () => {
    const o = buildClusterOverview('sandbox', sync, bookinfo(), reviews);
    expect(o.istioResources.find(r => r.name === 'bookinfo')).toBeUndefined();
  });

  it('respects the namespace annotation and returns nothing for an unmatched selector', () => {
    const none = selectorFor({
      'backstage.io/kubernetes-label-selector': 'app=reviews',
      'backstage.io/kubernetes-namespace': 'elsewhere',
    });
    const o = buildClusterOverview('sandbox', sync, bookinfo(), none);
    expect(o.workloads).toEqual([]);
    expect(o.services).toEqual([]);
    expect(o.summary.pods).toBe(0);
  });

  it('attributes a pod to its Deployment even before its ReplicaSet is cached', () => {
    const objects = bookinfo();
    objects.replicaSets = [];
    objects.pods[0].metadata.labels = {
      ...objects.pods[0].metadata.labels,
      'pod-template-hash': 'abc',
    };
    const o = buildClusterOverview('sandbox', sync, objects, reviews);
    expect(
      o.workloads.find(w => w.name === 'reviews-v1')?.pods.map(p => p.name),
    ).toEqual(['reviews-v1-abc-1']);
    // Without the hash label the owner cannot be known: the pod is shown on its own, not lost.
    expect(o.workloads.find(w => w.name === 'reviews-v2-def-1')?.kind).toBe(
      'Pod',
    );
  });

  it('uses the kubernetes-id label when no selector annotation is given', () => {
    const objects = bookinfo();
    objects.pods[0].metadata.labels = {
      ...objects.pods[0].metadata.labels,
      'backstage.io/kubernetes-id': 'reviews',
    };
    const o = buildClusterOverview(
      'sandbox',
      sync,
      objects,
      selectorFor({ 'backstage.io/kubernetes-id': 'reviews' }),
    );
    expect(o.workloads.map(w => w.name)).toEqual(['reviews-v1']);
  });
});

describe('buildClusterOverview on a mesh index', () => {
  const reviews = selectorFor({
    'backstage.io/kubernetes-label-selector': 'app=reviews',
    'backstage.io/kubernetes-namespace': 'bookinfo',
  });
  const gw = (
    kind: string,
    name: string,
    spec: unknown,
    namespace = 'bookinfo',
  ): KubeObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name, namespace },
    spec,
  });
  const refsOf = (o: ReturnType<typeof buildFromIndex>) =>
    Object.fromEntries(
      o.istioResources.map(r => [
        `${r.kind}/${r.namespace}/${r.name}`,
        r.reasons,
      ]),
    );

  it('reads only its own cluster of a multi-cluster mesh', () => {
    const index = indexOf(bookinfo(), 'east');
    const west = bookinfo();
    west.pods = [
      pod(
        'reviews-v3-xyz-1',
        'reviews-v3-xyz',
        { app: 'reviews', version: 'v3' },
        true,
      ),
    ];
    west.istio = [
      istio('VirtualService', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }],
      }),
      istio('AuthorizationPolicy', 'west-only', {}),
    ];
    indexOf(west, 'west', index);
    const east = buildFromIndex('east', sync, index, reviews);
    const westView = buildFromIndex('west', sync, index, reviews);
    expect(east.summary.pods).toBe(2);
    expect(westView.workloads.flatMap(w => w.pods.map(p => p.name))).toEqual([
      'reviews-v3-xyz-1',
    ]);
    expect(Object.keys(refsOf(westView)).sort()).toEqual([
      'AuthorizationPolicy/bookinfo/west-only',
      'VirtualService/bookinfo/reviews',
    ]);
    expect(
      refsOf(east)['AuthorizationPolicy/bookinfo/west-only'],
    ).toBeUndefined();
  });

  it('finds VirtualServices on any gateway by host, mirrors, and Gateway API routes with their Gateways', () => {
    const objects = bookinfo();
    objects.istio.push(
      istio('VirtualService', 'public-reviews', {
        hosts: ['reviews.bookinfo.svc.cluster.local'],
        gateways: ['istio-system/public'],
        http: [{ route: [{ destination: { host: 'ratings' } }] }],
      }),
      istio(
        'Gateway',
        'public',
        { selector: { istio: 'ingressgateway' } },
        'istio-system',
      ),
      istio('VirtualService', 'shadow', {
        hosts: ['ratings'],
        http: [
          {
            route: [{ destination: { host: 'ratings' } }],
            mirror: { host: 'reviews' },
          },
        ],
      }),
      gw('Gateway', 'web', {
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
      }),
      gw('HTTPRoute', 'reviews-route', {
        parentRefs: [{ name: 'web' }],
        rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }],
      }),
      gw('GRPCRoute', 'reviews-mesh', {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
        rules: [{ backendRefs: [{ name: 'ratings', port: 9080 }] }],
      }),
      gw('HTTPRoute', 'ratings-route', {
        parentRefs: [{ name: 'web' }],
        rules: [{ backendRefs: [{ name: 'ratings', port: 9080 }] }],
      }),
    );
    const refs = refsOf(
      buildClusterOverview('sandbox', sync, objects, reviews),
    );
    expect(refs['VirtualService/bookinfo/public-reviews']).toEqual([
      'serves host reviews.bookinfo.svc.cluster.local',
    ]);
    expect(refs['Gateway/istio-system/public']).toEqual([
      'bound by VirtualService bookinfo/public-reviews',
    ]);
    expect(refs['VirtualService/bookinfo/shadow']).toEqual([
      'routes to reviews.bookinfo.svc.cluster.local',
    ]);
    expect(refs['HTTPRoute/bookinfo/reviews-route']).toEqual([
      'routes to Service bookinfo/reviews',
    ]);
    expect(refs['Gateway/bookinfo/web']).toEqual([
      'bound by HTTPRoute bookinfo/reviews-route',
    ]);
    expect(refs['GRPCRoute/bookinfo/reviews-mesh']).toEqual([
      'attaches to Service bookinfo/reviews (mesh routing)',
    ]);
    expect(refs['HTTPRoute/bookinfo/ratings-route']).toBeUndefined();
  });

  it('finds every policy kind that attaches to its pods, by selector, targetRefs, namespace and root namespace', () => {
    const objects = bookinfo();
    const ext = (
      kind: string,
      apiVersion: string,
      name: string,
      spec: unknown,
      namespace = 'bookinfo',
    ): KubeObject => ({
      apiVersion,
      kind,
      metadata: { name, namespace },
      spec,
    });
    objects.istio.push(
      istio('Sidecar', 'reviews-egress', {
        workloadSelector: { labels: { app: 'reviews' } },
        egress: [{ hosts: ['./*'] }],
      }),
      istio('Sidecar', 'ratings-egress', {
        workloadSelector: { labels: { app: 'ratings' } },
        egress: [{ hosts: ['./*'] }],
      }),
      istio(
        'EnvoyFilter',
        'reviews-lua',
        { workloadSelector: { labels: { app: 'reviews' } } },
        'istio-system',
      ),
      ext('Telemetry', 'telemetry.istio.io/v1', 'reviews-tracing', {
        targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }],
      }),
      ext('Telemetry', 'telemetry.istio.io/v1', 'ratings-tracing', {
        targetRefs: [{ kind: 'Service', group: '', name: 'ratings' }],
      }),
      ext('WasmPlugin', 'extensions.istio.io/v1alpha1', 'ns-wasm', {
        url: 'oci://x',
      }),
      ext(
        'RequestAuthentication',
        'security.istio.io/v1',
        'mesh-jwt',
        { jwtRules: [{ issuer: 'x' }] },
        'istio-system',
      ),
      istio('ServiceEntry', 'reviews-vm', {
        hosts: ['reviews.vm'],
        workloadSelector: { labels: { app: 'reviews' } },
      }),
    );
    const refs = refsOf(
      buildClusterOverview('sandbox', sync, objects, reviews),
    );
    expect(refs['Sidecar/bookinfo/reviews-egress']).toEqual([
      'selects workloads by app=reviews',
    ]);
    expect(refs['Sidecar/bookinfo/ratings-egress']).toBeUndefined();
    expect(refs['EnvoyFilter/istio-system/reviews-lua']).toEqual([
      'selects workloads by app=reviews',
    ]);
    expect(refs['Telemetry/bookinfo/reviews-tracing']).toEqual([
      'targets Service bookinfo/reviews',
    ]);
    expect(refs['Telemetry/bookinfo/ratings-tracing']).toBeUndefined();
    expect(refs['WasmPlugin/bookinfo/ns-wasm']).toEqual([
      'applies to every workload in namespace bookinfo',
    ]);
    expect(refs['RequestAuthentication/istio-system/mesh-jwt']).toEqual([
      'applies mesh-wide (root namespace istio-system)',
    ]);
    expect(refs['ServiceEntry/bookinfo/reviews-vm']).toEqual([
      'selects workloads by app=reviews',
    ]);
  });

  it('uses the root namespace and domain of the index', () => {
    const objects = bookinfo();
    objects.istio.push(istio('PeerAuthentication', 'default', {}, 'mesh-root'));
    const index = indexOf(
      objects,
      'sandbox',
      new MeshIndex({ rootNamespace: 'mesh-root', domain: 'corp.local' }),
    );
    const o = buildFromIndex('sandbox', sync, index, reviews);
    expect(o.services.map(s => s.host)).toEqual([
      'reviews.bookinfo.svc.corp.local',
    ]);
    expect(refsOf(o)['PeerAuthentication/mesh-root/default']).toEqual([
      'applies mesh-wide (root namespace mesh-root)',
    ]);
    expect(
      refsOf(o)['PeerAuthentication/istio-system/default'],
    ).toBeUndefined();
  });

  it("decides injection from the cluster's webhooks: a tag-based install without a default revision", () => {
    const objects = bookinfo();
    objects.namespaces = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'bookinfo', labels: { 'istio.io/rev': 'stable' } },
      },
    ];
    objects.pods[0].metadata.annotations = {
      'sidecar.istio.io/status': JSON.stringify({ revision: 'canary' }),
    };
    const index = indexOf(objects);
    index.upsert(revisionWebhook('canary'), 'sandbox');
    index.upsert(tagWebhook('stable', 'canary'), 'sandbox');
    const o = buildFromIndex('sandbox', sync, index, reviews);
    expect(o.workloads[0].pods[0].sidecar).toMatchObject({
      injected: true,
      expected: true,
      revision: 'canary',
      tag: 'stable',
      decidedBy: 'namespace-revision-label',
    });
    expect(o.summary.injectionMismatches).toBe(1); // only reviews-v2, which really lacks its sidecar

    // istio-injection=enabled is served by nothing here: the uninjected pod is no mismatch.
    index.upsert(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'bookinfo',
          labels: { 'istio-injection': 'enabled' },
        },
      },
      'sandbox',
    );
    const after = buildFromIndex('sandbox', sync, index, reviews);
    expect(after.workloads[1].pods[0].sidecar).toMatchObject({
      injected: false,
      expected: false,
    });
    expect(after.workloads[1].pods[0].sidecar.reason).toContain(
      'no webhook serves istio-injection=enabled',
    );
    expect(after.summary.injectionMismatches).toBe(1); // now reviews-v1, whose sidecar no webhook would inject again
  });
});

describe('entityMeshSelector', () => {
  it('tells the user which annotation to add', () => {
    const r = entityMeshSelector({ metadata: { annotations: {} } });
    expect(r).toMatchObject({ ok: false, problem: 'missing-annotation' });
    expect(!r.ok && r.message).toContain('backstage.io/kubernetes-id');
  });
  it('reports an invalid selector with the annotation name', () => {
    const r = entityMeshSelector({
      metadata: {
        annotations: { 'backstage.io/kubernetes-label-selector': 'app in (a' },
      },
    });
    expect(r).toMatchObject({ ok: false, problem: 'invalid-annotation' });
  });
  it('reads mesh and services annotations', () => {
    const s = selectorFor({
      'backstage.io/kubernetes-id': 'x',
      'meshport.io/mesh': 'demo',
      'meshport.io/services': 'a, b',
    });
    expect(s).toMatchObject({
      labelSelector: 'backstage.io/kubernetes-id=x',
      mesh: 'demo',
      serviceNames: ['a', 'b'],
    });
  });
});
