import { MeshIndex } from '../index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoKube,
} from '../model/__fixtures__/bookinfo';
import { istio, pod, service } from '../model/__fixtures__/objects';
import { KubeObject } from '../../kube/types';
import { traceRequest } from './traceRequest';
import { RouteRequest } from './types';
import { matchGatewayApiRoute } from './matchGatewayApiRoute';
import { HttpMatchContext } from './matchHttpRequest';

const GW = 'gateway.networking.k8s.io/v1';
const gateway = (listeners: unknown[]) =>
  istio(
    'Gateway',
    'bookinfo',
    'bookinfo-gateway',
    { gatewayClassName: 'istio', listeners },
    { apiVersion: GW },
  );
const route = (
  name: string,
  spec: Record<string, unknown>,
  namespace = 'bookinfo',
  creationTimestamp?: string,
) =>
  istio(
    'HTTPRoute',
    namespace,
    name,
    {
      parentRefs: [{ name: 'bookinfo-gateway', namespace: 'bookinfo' }],
      ...spec,
    },
    { apiVersion: GW, creationTimestamp },
  );

// The sample's bookinfo-gateway.yaml (Gateway API flavour).
const sample = () => [
  gateway([
    {
      name: 'http',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Same' } },
    },
  ]),
  route('bookinfo', {
    rules: [
      {
        matches: [
          { path: { type: 'Exact', value: '/productpage' } },
          { path: { type: 'PathPrefix', value: '/static' } },
          { path: { type: 'Exact', value: '/login' } },
          { path: { type: 'Exact', value: '/logout' } },
          { path: { type: 'PathPrefix', value: '/api/v1/products' } },
        ],
        backendRefs: [{ name: 'productpage', port: 9080 }],
      },
    ],
  }),
  pod('bookinfo', 'bookinfo-gateway-istio-0', {
    'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway',
  }),
];

const build = (...extra: KubeObject[]) =>
  MeshIndex.build([
    ...bookinfoKube(),
    ...bookinfoDestinationRules(),
    ...sample(),
    ...extra,
  ]);
const via = (index: MeshIndex, r: Partial<RouteRequest>) =>
  traceRequest(index, {
    host: 'bookinfo.example.com',
    port: 80,
    source: { gateway: 'bookinfo/bookinfo-gateway' },
    ...r,
  });

describe('traceRequest through a Gateway API gateway', () => {
  it('routes the sample paths to productpage', () => {
    const index = build();
    const t = via(index, { path: '/productpage' });
    expect(t.httpRoute).toEqual({ namespace: 'bookinfo', name: 'bookinfo' });
    expect(t.virtualService).toBeNull();
    expect(t.matchIndex).toBe(0);
    expect(t.destinations).toEqual([
      expect.objectContaining({
        host: 'productpage.bookinfo.svc.cluster.local',
        port: 9080,
        weight: 100,
      }),
    ]);
    expect(t.request.sourceNamespace).toBe('bookinfo');
    expect(via(index, { path: '/static/css/x.css' }).matchIndex).toBe(1);
    expect(via(index, { path: '/api/v1/products/1' }).matchIndex).toBe(4);
    expect(t.retries?.source).toBe('default');
  });

  it('answers 404 for other paths, segment-wise prefixes and other ports', () => {
    const index = build();
    expect(via(index, { path: '/admin' }).outcome).toBe('no-route');
    expect(via(index, { path: '/staticfiles' }).outcome).toBe('no-route');
    expect(via(index, { path: '/productpage/x' }).outcome).toBe('no-route');
    const other = via(index, { path: '/productpage', port: 8080 });
    expect(other.outcome).toBe('no-route');
    expect(other.steps.find(s => s.kind === 'gateway-server')?.message).toMatch(
      /no HTTP listener on port 8080/,
    );
  });

  it('picks the most precise match across routes, not the first', () => {
    const index = build(
      route(
        'older-broad',
        {
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
              backendRefs: [{ name: 'details', port: 9080 }],
            },
          ],
        },
        'bookinfo',
        '2020-01-01T00:00:00Z',
      ),
      route(
        'newer-precise',
        {
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/api/v2' } }],
              backendRefs: [{ name: 'reviews', port: 9080 }],
            },
          ],
        },
        'bookinfo',
        '2024-01-01T00:00:00Z',
      ),
      route('header', {
        rules: [
          {
            matches: [
              {
                path: { type: 'PathPrefix', value: '/api/v2' },
                headers: [{ name: 'x-canary', value: 'yes' }],
              },
            ],
            backendRefs: [{ name: 'ratings', port: 9080 }],
          },
        ],
      }),
    );
    expect(via(index, { path: '/api/v2/x' }).httpRoute?.name).toBe(
      'newer-precise',
    );
    expect(
      via(index, { path: '/api/v2/x', headers: { 'X-Canary': 'yes' } })
        .httpRoute?.name,
    ).toBe('header');
    expect(via(index, { path: '/api/v3' }).httpRoute?.name).toBe('older-broad');
  });

  it('splits by weight and checks ReferenceGrants for other namespaces', () => {
    const index = build(
      service('other', 'reviews-v9', { app: 'reviews' }),
      route('split', {
        hostnames: ['split.example.com'],
        rules: [
          {
            backendRefs: [
              { name: 'reviews', port: 9080, weight: 90 },
              { name: 'ratings', port: 9080, weight: 10 },
              { name: 'reviews-v9', namespace: 'other', port: 9080, weight: 0 },
            ],
          },
        ],
      }),
    );
    const t = via(index, { host: 'split.example.com', path: '/' });
    expect(t.httpRoute?.name).toBe('split');
    expect(t.destinations.map(d => [d.host, d.weight])).toEqual([
      ['reviews.bookinfo.svc.cluster.local', 90],
      ['ratings.bookinfo.svc.cluster.local', 10],
      ['reviews-v9.other.svc.cluster.local', 0],
    ]);
    expect(t.steps.some(s => s.kind === 'reference-grant')).toBe(true);
    const granted = build(
      service('other', 'reviews-v9', { app: 'reviews' }),
      istio(
        'ReferenceGrant',
        'other',
        'allow-bookinfo',
        {
          from: [
            {
              group: 'gateway.networking.k8s.io',
              kind: 'HTTPRoute',
              namespace: 'bookinfo',
            },
          ],
          to: [{ group: '', kind: 'Service' }],
        },
        { apiVersion: 'gateway.networking.k8s.io/v1beta1' },
      ),
      route('split', {
        hostnames: ['split.example.com'],
        rules: [
          {
            backendRefs: [
              { name: 'reviews-v9', namespace: 'other', port: 9080 },
            ],
          },
        ],
      }),
    );
    expect(
      via(granted, { host: 'split.example.com' }).steps.some(
        s => s.kind === 'reference-grant',
      ),
    ).toBe(false);
  });

  it('ignores routes whose hostnames or namespace the gateway does not admit', () => {
    const index = build(
      route(
        'elsewhere',
        {
          rules: [
            {
              matches: [{ path: { type: 'Exact', value: '/x' } }],
              backendRefs: [{ name: 'details', port: 9080 }],
            },
          ],
        },
        'legacy',
      ),
      route('named', {
        hostnames: ['a.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'Exact', value: '/y' } }],
            backendRefs: [{ name: 'details', port: 9080 }],
          },
        ],
      }),
    );
    expect(via(index, { path: '/x' }).outcome).toBe('no-route');
    expect(via(index, { path: '/y' }).outcome).toBe('no-route');
    expect(
      via(index, { path: '/y', host: 'a.example.com' }).httpRoute?.name,
    ).toBe('named');
  });

  it('applies redirect and timeout of the matched rule', () => {
    const index = build(
      route('r', {
        rules: [
          {
            matches: [{ path: { type: 'Exact', value: '/old' } }],
            filters: [
              {
                type: 'RequestRedirect',
                requestRedirect: {
                  hostname: 'new.example.com',
                  statusCode: 301,
                },
              },
            ],
          },
          {
            matches: [{ path: { type: 'Exact', value: '/slow' } }],
            timeouts: { request: '30s' },
            backendRefs: [{ name: 'details', port: 9080 }],
          },
        ],
      }),
    );
    const r = via(index, { path: '/old' });
    expect(r.outcome).toBe('redirect');
    expect(r.redirect).toMatchObject({
      authority: 'new.example.com',
      redirectCode: 301,
    });
    expect(via(index, { path: '/slow' }).timeout).toBe('30s');
  });
});

describe('matchGatewayApiRoute', () => {
  const ctx: HttpMatchContext = {
    path: '/api/v1',
    query: { page: '2' },
    method: 'GET',
    scheme: 'http',
    authority: 'a',
    headers: { env: 'prod' },
    port: 80,
    sourceLabels: {},
    sourceNamespace: 'x',
    gateway: 'x/y',
  };
  it.each<[string, object, boolean]>([
    ['default prefix /', {}, true],
    [
      'prefix with trailing slash',
      { path: { type: 'PathPrefix', value: '/api/' } },
      true,
    ],
    [
      'regex path',
      { path: { type: 'RegularExpression', value: '/api/v[0-9]' } },
      true,
    ],
    [
      'regex path is full match',
      { path: { type: 'RegularExpression', value: '/api' } },
      false,
    ],
    ['method', { method: 'GET' }, true],
    ['method miss', { method: 'POST' }, false],
    ['header exact', { headers: [{ name: 'Env', value: 'prod' }] }, true],
    [
      'header regex',
      { headers: [{ type: 'RegularExpression', name: 'env', value: 'pr.*' }] },
      true,
    ],
    ['header miss', { headers: [{ name: 'env', value: 'dev' }] }, false],
    ['query', { queryParams: [{ name: 'page', value: '2' }] }, true],
    ['query miss', { queryParams: [{ name: 'page', value: '3' }] }, false],
  ])('%s', (_, m, want) => {
    expect(matchGatewayApiRoute(m, ctx) === null).toBe(want);
  });
});

describe('traceRequest with GAMMA HTTPRoutes on a Service', () => {
  // route-reviews-90-10.yaml, with the per-version Services the sample deploys.
  const versions = [
    service('bookinfo', 'reviews-v1', { app: 'reviews', version: 'v1' }),
    service('bookinfo', 'reviews-v2', { app: 'reviews', version: 'v2' }),
  ];
  const gammaRoute = (
    namespace: string,
    name: string,
    backend: string,
    weight = 1,
  ) =>
    istio(
      'HTTPRoute',
      namespace,
      name,
      {
        parentRefs: [
          {
            group: '',
            kind: 'Service',
            name: 'reviews',
            namespace: 'bookinfo',
            port: 9080,
          },
        ],
        rules: [
          {
            backendRefs: [
              { name: backend, namespace: 'bookinfo', port: 9080, weight },
            ],
          },
        ],
      },
      { apiVersion: GW },
    );
  const split = istio(
    'HTTPRoute',
    'bookinfo',
    'reviews',
    {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [
        {
          backendRefs: [
            { name: 'reviews-v1', port: 9080, weight: 90 },
            { name: 'reviews-v2', port: 9080, weight: 10 },
          ],
        },
      ],
    },
    { apiVersion: GW },
  );

  it('splits 90/10 for sidecars calling reviews', () => {
    const index = MeshIndex.build([...bookinfoKube(), ...versions, split]);
    const t = traceRequest(index, {
      host: 'reviews',
      source: { namespace: 'bookinfo', pod: 'productpage-v1-0' },
    });
    expect(t.httpRoute).toEqual({ namespace: 'bookinfo', name: 'reviews' });
    expect(t.destinations.map(d => [d.host, d.weight])).toEqual([
      ['reviews-v1.bookinfo.svc.cluster.local', 90],
      ['reviews-v2.bookinfo.svc.cluster.local', 10],
    ]);
    // Another port of the service is not routed by it.
    expect(
      traceRequest(index, {
        host: 'reviews',
        port: 9999,
        source: { namespace: 'bookinfo' },
      }).httpRoute,
    ).toBeUndefined();
  });

  it('lets a consumer route override the producer route for its namespace only', () => {
    const index = MeshIndex.build([
      ...bookinfoKube(),
      ...versions,
      split,
      gammaRoute('legacy', 'mine', 'reviews-v2'),
      gammaRoute('elsewhere', 'ignored', 'reviews-v1'),
    ]);
    const legacy = traceRequest(index, {
      host: 'reviews.bookinfo',
      source: { namespace: 'legacy', pod: 'sleep-0' },
    });
    expect(legacy.httpRoute).toEqual({ namespace: 'legacy', name: 'mine' });
    expect(legacy.destinations.map(d => d.host)).toEqual([
      'reviews-v2.bookinfo.svc.cluster.local',
    ]);
    expect(
      traceRequest(index, {
        host: 'reviews',
        source: { namespace: 'bookinfo' },
      }).httpRoute?.name,
    ).toBe('reviews');
  });
});
