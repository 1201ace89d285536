import { KubeObject } from '../../kube/types';
import {
  bookinfoDestinationRules,
  bookinfoGateway,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../model/__fixtures__/bookinfo';
import { istio, ns, pod, service } from '../model/__fixtures__/objects';
import { VirtualService } from '../model/networking';
import { MeshIndex } from './MeshIndex';

const fqdn = (name: string, namespace = 'bookinfo') =>
  `${name}.${namespace}.svc.cluster.local`;
const names = (objects: KubeObject[]) =>
  objects.map(o => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`);

function mesh(extra: KubeObject[] = []): KubeObject[] {
  return [
    ...bookinfoKube(),
    ...bookinfoDestinationRules(),
    ...bookinfoGateway(),
    reviewsJasonV2V3(),
    ...extra,
  ];
}

describe('MeshIndex basics', () => {
  const index = MeshIndex.build(mesh());

  it('defaults root namespace and domain, and honours options', () => {
    expect(index.rootNamespace).toBe('istio-system');
    expect(index.domain).toBe('cluster.local');
    const other = MeshIndex.build([], {
      rootNamespace: 'mesh-root',
      domain: 'corp.local',
    });
    expect(other.rootNamespace).toBe('mesh-root');
    expect(other.resolveHost('a', 'b')).toBe('a.b.svc.corp.local');
  });

  it('lists by kind and gets by namespace and name', () => {
    expect(index.all('Service')).toHaveLength(5);
    expect(index.get('Service', 'bookinfo', 'reviews')?.metadata.name).toBe(
      'reviews',
    );
    expect(index.get('Service', 'default', 'reviews')).toBeUndefined();
    expect(
      index.namespace('bookinfo')?.metadata.labels?.['istio-injection'],
    ).toBe('enabled');
    expect(index.namespace('nope')).toBeUndefined();
  });

  it('files objects without a namespace under default, but not Namespaces', () => {
    const i = MeshIndex.build([
      ns('x'),
      service(undefined as unknown as string, 'web', { app: 'web' }),
    ]);
    expect(i.get('Service', 'default', 'web')).toBeDefined();
    expect(i.get('Service', undefined, 'web')).toBeDefined();
    expect(i.servicesForHost('web.default.svc.cluster.local')).toHaveLength(1);
    expect(i.namespace('x')).toBeDefined();
  });

  it('keeps Istio and Gateway API Gateways apart', () => {
    const i = MeshIndex.build([
      istio('Gateway', 'a', 'gw', { servers: [] }),
      istio(
        'Gateway',
        'a',
        'gw',
        { gatewayClassName: 'istio' },
        { apiVersion: 'gateway.networking.k8s.io/v1' },
      ),
    ]);
    expect(i.all('Gateway')).toHaveLength(1);
    expect(i.all('Gateway.gateway.networking.k8s.io')).toHaveLength(1);
    i.remove({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      namespace: 'a',
      name: 'gw',
    });
    expect(i.all('Gateway.gateway.networking.k8s.io')).toHaveLength(0);
    expect(i.all('Gateway')).toHaveLength(1);
  });

  it.each([
    ['reviews', 'bookinfo', fqdn('reviews')],
    ['reviews.other', 'bookinfo', fqdn('reviews', 'other')],
    ['reviews.bookinfo.svc.cluster.local', 'x', fqdn('reviews')],
    ['*.bookinfo.svc.cluster.local', 'x', '*.bookinfo.svc.cluster.local'],
    ['api.example.com', 'x', 'api.example.com'],
  ])('resolves host %s from %s', (host, from, want) => {
    expect(index.resolveHost(host, from)).toBe(want);
  });

  it('finds services by fqdn and by wildcard, and nothing for others', () => {
    expect(names(index.servicesForHost(fqdn('reviews')))).toEqual([
      'bookinfo/reviews',
    ]);
    expect(
      names(index.servicesForHost('*.bookinfo.svc.cluster.local')).sort(),
    ).toEqual([
      'bookinfo/details',
      'bookinfo/productpage',
      'bookinfo/ratings',
      'bookinfo/reviews',
    ]);
    expect(index.servicesForHost('reviews')).toEqual([]);
    expect(index.servicesForHost(fqdn('reviews', 'other'))).toEqual([]);
  });

  it('finds ServiceEntries by exact and wildcard hosts', () => {
    const i = MeshIndex.build([
      istio('ServiceEntry', 'eg', 'google', { hosts: ['www.googleapis.com'] }),
      istio('ServiceEntry', 'eg', 'wild', { hosts: ['*.example.com'] }),
    ]);
    expect(names(i.serviceEntriesForHost('www.googleapis.com'))).toEqual([
      'eg/google',
    ]);
    expect(names(i.serviceEntriesForHost('api.example.com'))).toEqual([
      'eg/wild',
    ]);
    expect(i.serviceEntriesForHost('example.com')).toEqual([]);
    expect(i.serviceEntriesForHost('googleapis.com')).toEqual([]);
  });

  it('matches pods by selector within a namespace or across all', () => {
    expect(
      names(index.podsMatching('bookinfo', { app: 'reviews' })).sort(),
    ).toEqual([
      'bookinfo/reviews-v1-0',
      'bookinfo/reviews-v2-0',
      'bookinfo/reviews-v3-0',
    ]);
    expect(
      names(index.podsMatching('bookinfo', { app: 'reviews', version: 'v2' })),
    ).toEqual(['bookinfo/reviews-v2-0']);
    expect(
      index.podsMatching('bookinfo', { app: 'reviews', version: 'v9' }),
    ).toEqual([]);
    expect(index.podsMatching('legacy', { app: 'reviews' })).toEqual([]);
    expect(names(index.podsMatching(undefined, { app: 'sleep' }))).toEqual([
      'legacy/sleep-0',
    ]);
    expect(index.podsMatching('bookinfo', undefined)).toHaveLength(6);
    expect(index.podsMatching(undefined, {})).toHaveLength(8);
  });
});

describe('virtualServicesFor', () => {
  it('finds the mesh VirtualService by resolved host, not the gateway-bound one', () => {
    const i = MeshIndex.build(mesh());
    expect(names(i.virtualServicesFor(fqdn('reviews'), 'bookinfo'))).toEqual([
      'bookinfo/reviews',
    ]);
    expect(names(i.virtualServicesFor(fqdn('reviews'), 'other'))).toEqual([
      'bookinfo/reviews',
    ]);
    expect(i.virtualServicesFor(fqdn('ratings'), 'bookinfo')).toEqual([]);
    // hosts: ['*'] is bound only to the gateway.
    expect(
      names(
        i.virtualServicesFor(
          'bookinfo.example.com',
          'bookinfo',
          'bookinfo/bookinfo-gateway',
        ),
      ),
    ).toEqual(['bookinfo/bookinfo']);
    expect(
      i.virtualServicesFor(
        'bookinfo.example.com',
        'bookinfo',
        'istio-system/bookinfo-gateway',
      ),
    ).toEqual([]);
    expect(i.virtualServicesFor('bookinfo.example.com', 'bookinfo')).toEqual(
      [],
    );
  });

  it('honours exportTo: ".", namespaces, "~" and the default "*"', () => {
    const i = MeshIndex.build([
      istio('VirtualService', 'a', 'dot', {
        hosts: ['svc-dot.a.svc.cluster.local'],
        exportTo: ['.'],
      }),
      istio('VirtualService', 'a', 'list', {
        hosts: ['svc-list.a.svc.cluster.local'],
        exportTo: ['b', 'c'],
      }),
      istio('VirtualService', 'a', 'none', {
        hosts: ['svc-none.a.svc.cluster.local'],
        exportTo: ['~'],
      }),
      istio('VirtualService', 'a', 'all', {
        hosts: ['svc-all.a.svc.cluster.local'],
        exportTo: [],
      }),
    ]);
    const sees = (host: string, from: string) =>
      i.virtualServicesFor(`${host}.a.svc.cluster.local`, from).length > 0;
    expect(sees('svc-dot', 'a')).toBe(true);
    expect(sees('svc-dot', 'b')).toBe(false);
    expect(sees('svc-list', 'b')).toBe(true);
    expect(sees('svc-list', 'c')).toBe(true);
    expect(sees('svc-list', 'a')).toBe(false);
    expect(sees('svc-none', 'a')).toBe(false);
    expect(sees('svc-all', 'zzz')).toBe(true);
  });

  it('orders exact claims before wildcards, longer wildcards first, then oldest first', () => {
    const i = MeshIndex.build([
      istio('VirtualService', 'a', 'star', { hosts: ['*'] }),
      istio('VirtualService', 'a', 'wide', { hosts: ['*.svc.cluster.local'] }),
      istio('VirtualService', 'a', 'narrow', {
        hosts: ['*.a.svc.cluster.local'],
      }),
      istio(
        'VirtualService',
        'a',
        'older',
        { hosts: ['web'] },
        { creationTimestamp: '2020-01-01T00:00:00Z' },
      ),
      istio(
        'VirtualService',
        'b',
        'newer',
        { hosts: ['web.a'] },
        { creationTimestamp: '2021-01-01T00:00:00Z' },
      ),
    ]);
    expect(names(i.virtualServicesFor('web.a.svc.cluster.local', 'a'))).toEqual(
      ['a/older', 'b/newer', 'a/narrow', 'a/wide', 'a/star'],
    );
  });
});

describe('destinationRuleFor', () => {
  const dr = (
    namespace: string,
    name: string,
    host: string,
    extra: Record<string, unknown> = {},
  ) => istio('DestinationRule', namespace, name, { host, ...extra });

  it('looks in the client namespace, then the service namespace, then the root namespace', () => {
    const base = [service('svc-ns', 'web', { app: 'web' })];
    const root = dr('istio-system', 'root', '*.svc.cluster.local');
    const owner = dr('svc-ns', 'owner', 'web');
    const client = dr('client', 'client', 'web.svc-ns.svc.cluster.local');
    const host = 'web.svc-ns.svc.cluster.local';
    expect(
      MeshIndex.build([...base, root, owner, client]).destinationRuleFor(
        host,
        'client',
      )?.metadata.name,
    ).toBe('client');
    expect(
      MeshIndex.build([...base, root, owner, client]).destinationRuleFor(
        host,
        'elsewhere',
      )?.metadata.name,
    ).toBe('owner');
    expect(
      MeshIndex.build([...base, root]).destinationRuleFor(host, 'client')
        ?.metadata.name,
    ).toBe('root');
    expect(
      MeshIndex.build([...base]).destinationRuleFor(host, 'client'),
    ).toBeUndefined();
    // A rule in an unrelated namespace never applies.
    expect(
      MeshIndex.build([...base, dr('third', 'x', host)]).destinationRuleFor(
        host,
        'client',
      ),
    ).toBeUndefined();
  });

  it('skips rules not exported to the client', () => {
    const host = 'web.svc-ns.svc.cluster.local';
    const i = MeshIndex.build([
      service('svc-ns', 'web', { app: 'web' }),
      dr('svc-ns', 'private', 'web', { exportTo: ['.'] }),
      dr('istio-system', 'root', host),
    ]);
    expect(i.destinationRuleFor(host, 'svc-ns')?.metadata.name).toBe('private');
    expect(i.destinationRuleFor(host, 'client')?.metadata.name).toBe('root');
  });

  it('prefers the exact host over a wildcard within one namespace', () => {
    const i = MeshIndex.build([
      dr('a', 'wild', '*.a.svc.cluster.local'),
      dr('a', 'exact', 'web'),
    ]);
    expect(
      i.destinationRuleFor('web.a.svc.cluster.local', 'a')?.metadata.name,
    ).toBe('exact');
    expect(
      i.destinationRuleFor('api.a.svc.cluster.local', 'a')?.metadata.name,
    ).toBe('wild');
  });

  it('merges same-host rules: the oldest policy, every subset once', () => {
    const i = MeshIndex.build([
      dr('a', 'first', 'web', {
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        trafficPolicy: { loadBalancer: { simple: 'RANDOM' } },
      }),
      dr('a', 'second', 'web', {
        subsets: [
          { name: 'v1', labels: { version: 'other' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      }),
    ]);
    const merged = i.destinationRuleFor('web.a.svc.cluster.local', 'a');
    expect(merged?.metadata.name).toBe('first');
    expect(
      merged?.spec?.subsets?.map(s => `${s.name}:${s.labels?.version}`),
    ).toEqual(['v1:v1', 'v2:v2']);
    expect(merged?.spec?.trafficPolicy?.loadBalancer?.simple).toBe('RANDOM');
    expect(merged?.metadata.annotations?.['meshport.io/merged-from']).toBe(
      'a/first,a/second',
    );
  });

  it('applies workload-selected rules only to the selected clients in their namespace', () => {
    const i = MeshIndex.build([
      service('a', 'web', { app: 'web' }),
      dr('a', 'all', 'web'),
      dr('a', 'canary-only', 'web', {
        workloadSelector: { matchLabels: { track: 'canary' } },
      }),
    ]);
    const host = 'web.a.svc.cluster.local';
    expect(
      i.destinationRuleFor(host, 'a', { track: 'canary' })?.metadata.name,
    ).toBe('canary-only');
    expect(
      i.destinationRuleFor(host, 'a', { track: 'stable' })?.metadata.name,
    ).toBe('all');
    expect(i.destinationRuleFor(host, 'a')?.metadata.name).toBe('all');
    expect(
      i.destinationRuleFor(host, 'b', { track: 'canary' })?.metadata.name,
    ).toBe('all');
  });
});

describe('incremental updates', () => {
  function answers(i: MeshIndex) {
    const hosts = [
      fqdn('reviews'),
      fqdn('ratings'),
      fqdn('details'),
      'api.example.com',
      fqdn('web', 'a'),
    ];
    return {
      kinds: [
        'Service',
        'Pod',
        'VirtualService',
        'DestinationRule',
        'ServiceEntry',
        'Namespace',
      ].map(k => names(i.all(k)).sort()),
      vs: hosts.map(h =>
        ['bookinfo', 'a', 'legacy'].map(n => names(i.virtualServicesFor(h, n))),
      ),
      dr: hosts.map(h =>
        ['bookinfo', 'a', 'legacy'].map(
          n => i.destinationRuleFor(h, n)?.metadata.name ?? null,
        ),
      ),
      se: hosts.map(h => names(i.serviceEntriesForHost(h))),
      svc: hosts.map(h => names(i.servicesForHost(h))),
      pods: [
        names(i.podsMatching('bookinfo', { app: 'reviews' })).sort(),
        names(i.podsMatching(undefined, { version: 'v2' })).sort(),
        names(i.podsMatching('a', { app: 'web' })).sort(),
      ],
    };
  }

  it('gives the same answers after upserts and removals as a fresh build', () => {
    const initial = mesh([
      istio('ServiceEntry', 'a', 'ext', { hosts: ['api.example.com'] }),
      istio('DestinationRule', 'istio-system', 'root-dr', {
        host: '*.svc.cluster.local',
      }),
    ]);
    const live = MeshIndex.build(initial);

    // A watch stream: a VS changes host, a DR is deleted, a pod relabels, objects arrive and leave.
    const changedReviews = istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'ratings' } }] }],
    });
    const relabelled = pod(
      'bookinfo',
      'reviews-v2-0',
      { app: 'reviews', version: 'v2b' },
      { serviceAccount: 'bookinfo-reviews' },
    );
    const newcomers = [
      service('a', 'web', { app: 'web' }),
      pod('a', 'web-0', { app: 'web', version: 'v2' }),
      istio('VirtualService', 'a', 'web', { hosts: ['web'], exportTo: ['.'] }),
      istio('DestinationRule', 'a', 'web', { host: 'web' }),
    ];
    live.upsert(changedReviews);
    live.remove({
      kind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'details',
    });
    live.upsert(relabelled);
    for (const o of newcomers) live.upsert(o);
    live.remove({ kind: 'ServiceEntry', namespace: 'a', name: 'ext' });
    live.remove({ kind: 'Pod', namespace: 'legacy', name: 'does-not-exist' });

    const final = initial
      .filter(
        o => !(o.kind === 'DestinationRule' && o.metadata.name === 'details'),
      )
      .filter(o => !(o.kind === 'ServiceEntry' && o.metadata.name === 'ext'))
      .map(o =>
        o.kind === 'VirtualService' && o.metadata.name === 'reviews'
          ? changedReviews
          : o,
      )
      .map(o =>
        o.kind === 'Pod' && o.metadata.name === 'reviews-v2-0' ? relabelled : o,
      )
      .concat(newcomers);
    const rebuilt = MeshIndex.build(final);

    expect(answers(live)).toEqual(answers(rebuilt));
    // And the change is visible, so the comparison is not vacuous.
    expect(names(live.virtualServicesFor(fqdn('ratings'), 'bookinfo'))).toEqual(
      ['bookinfo/reviews'],
    );
    expect(live.virtualServicesFor(fqdn('reviews'), 'bookinfo')).toEqual([]);
    expect(live.podsMatching('bookinfo', { version: 'v2' })).toEqual([]);
    expect(
      live.destinationRuleFor(fqdn('details'), 'bookinfo')?.metadata.name,
    ).toBe('root-dr');
    expect(live.serviceEntriesForHost('api.example.com')).toEqual([]);
  });
});

const reviewsVs = (subset: string): VirtualService =>
  istio('VirtualService', 'bookinfo', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset } }] }],
  });
const reviewsDr = (): KubeObject =>
  istio('DestinationRule', 'bookinfo', 'reviews', {
    host: 'reviews',
    subsets: [{ name: 'v1', labels: { version: 'v1' } }],
  });
const host = 'reviews.bookinfo.svc.cluster.local';

describe('MeshIndex clusters', () => {
  function twoClusters() {
    const index = new MeshIndex();
    const east = {
      vs: reviewsVs('v1'),
      svc: service('bookinfo', 'reviews', { app: 'reviews' }),
      pod: pod('bookinfo', 'reviews-1', { app: 'reviews' }),
      ns: ns('bookinfo', { 'istio-injection': 'enabled' }),
    };
    const west = {
      vs: reviewsVs('v2'),
      svc: service('bookinfo', 'reviews', { app: 'reviews' }),
      pod: pod('bookinfo', 'reviews-1', { app: 'reviews' }),
      ns: ns('bookinfo', { 'istio.io/rev': 'canary' }),
    };
    for (const o of Object.values(east)) index.upsert(o, 'east');
    for (const o of Object.values(west)) index.upsert(o, 'west');
    index.upsert(reviewsDr(), 'east');
    return { index, east, west };
  }

  it('keeps the same kind, namespace and name of two clusters apart', () => {
    const { index, east, west } = twoClusters();
    expect(index.clusters()).toEqual(['east', 'west']);
    expect(index.all('VirtualService')).toHaveLength(2);
    expect(index.all('VirtualService', 'east')).toEqual([east.vs]);
    expect(index.inNamespace('Pod', 'bookinfo', 'west')).toEqual([west.pod]);
    expect(index.inNamespace('Pod', 'bookinfo')).toHaveLength(2);
    expect(index.get('VirtualService', 'bookinfo', 'reviews', 'west')).toBe(
      west.vs,
    );
    // Without a cluster: the first cluster that has it.
    expect(index.get('VirtualService', 'bookinfo', 'reviews')).toBe(east.vs);
    expect(
      index.get('VirtualService', 'bookinfo', 'reviews', 'north'),
    ).toBeUndefined();
    expect(index.namespace('bookinfo', 'west')?.metadata.labels).toEqual({
      'istio.io/rev': 'canary',
    });
    expect(index.clusterOf(west.vs)).toBe('west');
    expect(index.clusterOf(east.pod)).toBe('east');
  });

  it("files both clusters' objects under the host, as Istio sees both", () => {
    const { index, east, west } = twoClusters();
    expect(index.virtualServicesFor(host, 'bookinfo')).toEqual(
      expect.arrayContaining([east.vs, west.vs]),
    );
    expect(index.virtualServicesFor(host, 'bookinfo')).toHaveLength(2);
    expect(index.servicesForHost(host)).toHaveLength(2);
    expect(
      index.virtualServicesClaiming(host, 'west').map(c => c.object),
    ).toEqual([west.vs]);
    expect(index.virtualServicesRoutingTo(host).length).toBe(2);
    expect(index.destinationRulesClaiming(host, 'west')).toEqual([]);
    expect(index.destinationRulesClaiming(host, 'east')).toHaveLength(1);
    expect(index.podsMatching('bookinfo', { app: 'reviews' })).toHaveLength(2);
    expect(index.podsMatching('bookinfo', { app: 'reviews' }, 'east')).toEqual([
      east.pod,
    ]);
    expect(index.podsMatching(undefined, {}, 'west')).toEqual([west.pod]);
  });

  it("removes and replaces one cluster's object without touching the other's", () => {
    const { index, east, west } = twoClusters();
    const g0 = index.generation;
    index.remove(
      { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      'east',
    );
    expect(index.generation).toBeGreaterThan(g0);
    expect(index.all('VirtualService')).toEqual([west.vs]);
    expect(index.virtualServicesFor(host, 'bookinfo')).toEqual([west.vs]);
    expect(index.virtualServicesRoutingTo(host)).toEqual([west.vs]);

    // The ref's own cluster wins over the argument.
    index.remove({
      kind: 'Pod',
      namespace: 'bookinfo',
      name: 'reviews-1',
      cluster: 'west',
    });
    expect(index.podsMatching('bookinfo', { app: 'reviews' })).toEqual([
      east.pod,
    ]);

    const g1 = index.generation;
    const replaced = reviewsVs('v3');
    index.upsert(replaced, 'west');
    expect(index.generation).toBeGreaterThan(g1);
    expect(index.all('VirtualService')).toEqual([replaced]);
    expect(index.virtualServicesFor(host, 'bookinfo')).toEqual([replaced]);
    // The destination index, built by the first question above, follows later changes.
    expect(index.virtualServicesRoutingTo(host)).toEqual([replaced]);
    expect(index.clusterOf(replaced)).toBe('west');
    // A replaced object still tells its cluster by its key.
    expect(index.clusterOf(west.vs)).toBe('west');

    // Removing from a cluster that never had it changes nothing but the generation.
    index.remove(
      { kind: 'Service', namespace: 'bookinfo', name: 'reviews' },
      'north',
    );
    expect(index.servicesForHost(host)).toHaveLength(2);
  });

  it('relabelled pods move between label buckets within their cluster only', () => {
    const { index, east } = twoClusters();
    index.upsert(pod('bookinfo', 'reviews-1', { app: 'ratings' }), 'east');
    expect(
      index
        .podsMatching('bookinfo', { app: 'reviews' })
        .map(p => index.clusterOf(p)),
    ).toEqual(['west']);
    expect(
      index.podsMatching('bookinfo', { app: 'ratings' }, 'east'),
    ).toHaveLength(1);
    expect(index.clusterOf(east.pod)).toBe('east');
  });

  it('a single-cluster index (the CLI) uses cluster "" throughout', () => {
    const index = MeshIndex.build([
      reviewsVs('v1'),
      service('bookinfo', 'reviews', { app: 'reviews' }),
    ]);
    expect(index.clusters()).toEqual(['']);
    expect(index.all('VirtualService', '')).toHaveLength(1);
    expect(index.clusterOf(index.all('VirtualService')[0])).toBe('');
    index.remove({
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
    });
    expect(index.all('VirtualService')).toEqual([]);
  });

  it('exposes trust domain and revision options', () => {
    expect(new MeshIndex()).toMatchObject({
      trustDomain: 'cluster.local',
      revision: undefined,
      rootNamespace: 'istio-system',
    });
    expect(
      new MeshIndex({ trustDomain: 'corp.example', revision: '1-27' }),
    ).toMatchObject({ trustDomain: 'corp.example', revision: '1-27' });
  });
});
