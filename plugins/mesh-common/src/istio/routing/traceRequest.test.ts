import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoGateway,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../model/__fixtures__/bookinfo';
import { istio, service } from '../model/__fixtures__/objects';
import { traceRequest } from './traceRequest';
import { DEFAULT_RETRIES, RouteRequest } from './types';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const fromProductpage = { pod: 'productpage-v1-0', namespace: 'bookinfo' };

function build(extra: KubeObject[] = [], withDefaults = true): MeshIndex {
  return MeshIndex.build([
    ...bookinfoKube(),
    ...(withDefaults ? bookinfoDestinationRules() : []),
    ...extra,
  ]);
}

const trace = (index: MeshIndex, req: Partial<RouteRequest>) =>
  traceRequest(index, { host: 'reviews', source: fromProductpage, ...req });

describe('traceRequest without VirtualServices', () => {
  it('takes the default route with the default retry policy', () => {
    const t = trace(build(), {});
    expect(t.outcome).toBe('default-route');
    expect(t.virtualService).toBeNull();
    expect(t.ruleIndex).toBeNull();
    expect(t.request.host).toBe(REVIEWS);
    expect(t.request.port).toBe(9080);
    expect(t.destinations).toEqual([
      expect.objectContaining({
        host: REVIEWS,
        subset: null,
        port: 9080,
        weight: 100,
        known: true,
        destinationRule: { namespace: 'bookinfo', name: 'reviews' },
      }),
    ]);
    expect(t.retries).toEqual(DEFAULT_RETRIES);
    expect(t.retries?.retryOn).toBe(
      'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
    );
    expect(t.timeout).toBeNull();
    expect(t.steps.map(s => s.kind)).toEqual(
      expect.arrayContaining([
        'host-resolved',
        'no-virtual-service',
        'default-route',
        'default-retries',
      ]),
    );
  });

  it('takes the port from host:port when none is given', () => {
    const t = trace(
      build([service('bookinfo', 'multi', { app: 'reviews' }, [9080, 9090])]),
      { host: 'multi:9090' },
    );
    expect(t.request.port).toBe(9090);
    expect(
      trace(
        build([service('bookinfo', 'multi', { app: 'reviews' }, [9080, 9090])]),
        { host: 'multi' },
      ).request.port,
    ).toBe(80);
  });

  it('passes unknown hosts through', () => {
    const t = trace(build(), { host: 'api.example.com', port: 443 });
    expect(t.outcome).toBe('passthrough');
    expect(t.destinations[0]).toMatchObject({
      host: 'api.example.com',
      known: false,
    });
    expect(t.steps.some(s => s.kind === 'destination-unknown')).toBe(true);
  });

  it('resolves name.ns and FQDN the same as the short name', () => {
    const index = build([reviewsJasonV2V3()]);
    for (const host of [
      'reviews',
      'reviews.bookinfo',
      REVIEWS,
      'reviews:9080',
    ]) {
      expect(trace(index, { host }).virtualService).toEqual({
        namespace: 'bookinfo',
        name: 'reviews',
      });
    }
    // A short name from another namespace is a different service.
    expect(
      trace(index, { host: 'reviews', source: { namespace: 'legacy' } })
        .virtualService,
    ).toBeNull();
    expect(
      trace(index, {
        host: 'reviews.bookinfo',
        source: { namespace: 'legacy' },
      }).virtualService,
    ).toEqual({ namespace: 'bookinfo', name: 'reviews' });
  });
});

describe('traceRequest with Bookinfo rules', () => {
  const index = build([reviewsJasonV2V3()]);

  it('sends jason to v2 (rule 0) and says so', () => {
    const t = trace(index, { headers: { 'end-user': 'jason' } });
    expect(t.outcome).toBe('route');
    expect(t.virtualService).toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
    expect(t.ruleIndex).toBe(0);
    expect(t.matchIndex).toBe(0);
    expect(t.destinations).toHaveLength(1);
    expect(t.destinations[0]).toMatchObject({
      host: REVIEWS,
      subset: 'v2',
      port: 9080,
      weight: 100,
    });
    expect(t.steps.filter(s => s.kind === 'rule-skipped')).toEqual([]);
  });

  it('sends everyone else to v3 (rule 1) and explains why rule 0 was skipped', () => {
    const t = trace(index, { headers: { 'end-user': 'bob' } });
    expect(t.ruleIndex).toBe(1);
    expect(t.matchIndex).toBeNull();
    expect(t.destinations[0].subset).toBe('v3');
    const skipped = t.steps.filter(s => s.kind === 'rule-skipped');
    expect(skipped).toEqual([
      expect.objectContaining({
        ruleIndex: 0,
        reason: 'header end-user "bob" is not exact "jason"',
      }),
    ]);
    const anonymous = trace(index, {});
    expect(anonymous.ruleIndex).toBe(1);
    expect(anonymous.steps.find(s => s.kind === 'rule-skipped')?.reason).toBe(
      'header end-user is absent (wanted exact "jason")',
    );
  });

  it('reports weight splits (80/20)', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
              { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
            ],
          },
        ],
      }),
    ]);
    const t = trace(i, {});
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 80],
      ['v2', 20],
    ]);
  });

  it('reports a subset that no DestinationRule defines', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }],
      }),
    ]);
    const t = trace(i, {});
    expect(t.destinations[0].subsetMissing).toBe(true);
    expect(t.steps.find(s => s.kind === 'subset-missing')?.message).toMatch(
      /"v9" is not defined in DestinationRule bookinfo\/reviews/,
    );
    const noDr = build(
      [
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [
            { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
          ],
        }),
      ],
      false,
    );
    expect(
      trace(noDr, {}).steps.find(s => s.kind === 'subset-missing')?.message,
    ).toMatch(/no DestinationRule/);
    // A defined subset is not flagged.
    expect(trace(index, {}).destinations[0].subsetMissing).toBeUndefined();
  });

  it('reports fault, timeout, retries and mirrors in effect', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'ratings', {
        hosts: ['ratings'],
        http: [
          {
            name: 'jason-delay',
            match: [{ headers: { 'end-user': { exact: 'jason' } } }],
            fault: { delay: { percentage: { value: 100 }, fixedDelay: '7s' } },
            route: [{ destination: { host: 'ratings', subset: 'v1' } }],
            timeout: '10s',
            retries: { attempts: 3, perTryTimeout: '2s' },
            mirror: { host: 'ratings', subset: 'v2' },
            mirrorPercentage: { value: 25 },
          },
          {
            route: [{ destination: { host: 'ratings', subset: 'v1' } }],
            retries: { attempts: 0 },
          },
        ],
      }),
    ]);
    const t = trace(i, { host: 'ratings', headers: { 'end-user': 'jason' } });
    expect(t.ruleName).toBe('jason-delay');
    expect(t.fault).toEqual({
      delay: { percentage: { value: 100 }, fixedDelay: '7s' },
    });
    expect(t.timeout).toBe('10s');
    expect(t.retries).toEqual({
      attempts: 3,
      perTryTimeout: '2s',
      retryOn: DEFAULT_RETRIES.retryOn,
      source: 'route',
    });
    expect(t.mirror).toEqual([
      {
        host: 'ratings.bookinfo.svc.cluster.local',
        subset: 'v2',
        port: 9080,
        percentage: 25,
      },
    ]);
    // A mirror without a port goes to its service's only port, like a route destination.
    const shadow = build([
      service('bookinfo', 'shadow', { app: 'shadow' }, [8000]),
      istio('VirtualService', 'bookinfo', 'ratings', {
        hosts: ['ratings'],
        http: [
          {
            route: [{ destination: { host: 'ratings' } }],
            mirrors: [{ destination: { host: 'shadow' } }],
          },
        ],
      }),
    ]);
    expect(trace(shadow, { host: 'ratings' }).mirror).toEqual([
      {
        host: 'shadow.bookinfo.svc.cluster.local',
        subset: null,
        port: 8000,
        percentage: 100,
      },
    ]);
    const other = trace(i, { host: 'ratings' });
    expect(other.fault).toBeNull();
    expect(other.retries).toBeNull();
    expect(other.mirror).toEqual([]);
  });

  it('answers 404 when no rule matches', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [
          {
            match: [{ uri: { prefix: '/v2' } }, { method: { exact: 'POST' } }],
            route: [{ destination: { host: 'reviews' } }],
          },
        ],
      }),
    ]);
    const t = trace(i, { path: '/v1/x' });
    expect(t.outcome).toBe('no-route');
    expect(t.destinations).toEqual([]);
    expect(t.steps.find(s => s.kind === 'rule-skipped')?.reason).toBe(
      'match[0]: uri "/v1/x" is not prefix "/v2"; match[1]: method "GET" is not exact "POST"',
    );
    // Match blocks are OR'ed: the second one alone is enough.
    expect(trace(i, { path: '/v1/x', method: 'post' }).matchIndex).toBe(1);
  });

  it('uses sourceLabels and sourceNamespace of the calling workload', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [
          {
            match: [{ sourceLabels: { app: 'productpage', version: 'v1' } }],
            route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          },
          {
            match: [{ sourceNamespace: 'legacy' }],
            route: [{ destination: { host: 'reviews', subset: 'v3' } }],
          },
          { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
        ],
      }),
    ]);
    expect(trace(i, {}).destinations[0].subset).toBe('v2');
    expect(
      trace(i, {
        host: 'reviews.bookinfo',
        source: { pod: 'sleep-0', namespace: 'legacy' },
      }).destinations[0].subset,
    ).toBe('v3');
    expect(
      trace(i, { source: { pod: 'details-v1-0', namespace: 'bookinfo' } })
        .destinations[0].subset,
    ).toBe('v1');
    expect(
      trace(i, {
        source: {
          namespace: 'bookinfo',
          labels: { app: 'productpage', version: 'v1' },
        },
      }).destinations[0].subset,
    ).toBe('v2');
  });

  it('routes redirects and direct responses without destinations', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [
          {
            match: [{ uri: { exact: '/old' } }],
            redirect: { uri: '/new', redirectCode: 308 },
          },
          {
            match: [{ uri: { exact: '/health' } }],
            directResponse: { status: 200, body: { string: 'ok' } },
          },
        ],
      }),
    ]);
    const r = trace(i, { path: '/old' });
    expect(r.outcome).toBe('redirect');
    expect(r.redirect).toEqual({ uri: '/new', redirectCode: 308 });
    expect(r.destinations).toEqual([]);
    const d = trace(i, { path: '/health' });
    expect(d.outcome).toBe('direct-response');
    expect(d.directResponse?.status).toBe(200);
  });

  it('uses only the first VirtualService on sidecars and names the conflict', () => {
    const i = build([
      istio(
        'VirtualService',
        'bookinfo',
        'reviews-a',
        {
          hosts: ['reviews'],
          http: [
            { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
          ],
        },
        { creationTimestamp: '2020-01-01T00:00:00Z' },
      ),
      istio(
        'VirtualService',
        'legacy',
        'reviews-b',
        {
          hosts: ['reviews.bookinfo.svc.cluster.local'],
          http: [
            {
              route: [
                { destination: { host: 'reviews.bookinfo', subset: 'v2' } },
              ],
            },
          ],
        },
        { creationTimestamp: '2021-01-01T00:00:00Z' },
      ),
    ]);
    const t = trace(i, {});
    expect(t.virtualService?.name).toBe('reviews-a');
    expect(
      t.steps.find(s => s.kind === 'virtual-service-conflict')?.virtualService,
    ).toEqual({ namespace: 'legacy', name: 'reviews-b' });
  });

  it('ignores VirtualServices not exported to the client namespace', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        exportTo: ['.'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }],
      }),
    ]);
    expect(trace(i, {}).virtualService?.name).toBe('reviews');
    expect(
      trace(i, {
        host: 'reviews.bookinfo',
        source: { pod: 'sleep-0', namespace: 'legacy' },
      }).virtualService,
    ).toBeNull();
  });

  it('applies DestinationRule policy with port-level and subset overrides', () => {
    const i = build(
      [
        istio('DestinationRule', 'bookinfo', 'reviews', {
          host: 'reviews',
          trafficPolicy: {
            loadBalancer: { simple: 'RANDOM' },
            connectionPool: { tcp: { maxConnections: 100 } },
            outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
            tls: { mode: 'ISTIO_MUTUAL' },
            portLevelSettings: [
              {
                port: { number: 9080 },
                loadBalancer: { simple: 'LEAST_REQUEST' },
              },
            ],
          },
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            {
              name: 'v2',
              labels: { version: 'v2' },
              trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } },
            },
          ],
        }),
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
                { destination: { host: 'reviews', subset: 'v2' }, weight: 50 },
              ],
            },
          ],
        }),
      ],
      false,
    );
    const [v1, v2] = trace(i, {}).destinations;
    expect(v1.policy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      connectionPool: { tcp: { maxConnections: 100 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
      tls: { mode: 'ISTIO_MUTUAL' },
    });
    expect(v2.policy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN' });
    expect(v2.policy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    // A destination without a port goes to the Service's only port, whatever port the request used.
    const implicit = trace(i, { port: 9999 }).destinations[0];
    expect(implicit).toMatchObject({
      port: 9080,
      policy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
    });
    // On another port the port-level override does not apply.
    const other = build(
      [
        ...i.all('DestinationRule'),
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', port: { number: 9443 } } },
              ],
            },
          ],
        }),
      ],
      false,
    );
    expect(trace(other, {}).destinations[0]).toMatchObject({
      port: 9443,
      policy: { loadBalancer: { simple: 'RANDOM' } },
    });
  });

  it('follows a delegate VirtualService', () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'root', {
        hosts: ['reviews'],
        http: [
          { match: [{ uri: { prefix: '/r' } }], delegate: { name: 'child' } },
          { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
        ],
      }),
      istio('VirtualService', 'bookinfo', 'child', {
        http: [
          {
            match: [{ uri: { prefix: '/r/2' } }],
            route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          },
          { route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
        ],
      }),
    ]);
    const t = trace(i, { path: '/r/2/x' });
    expect(t.virtualService).toEqual({ namespace: 'bookinfo', name: 'child' });
    expect(t.ruleIndex).toBe(0);
    expect(t.destinations[0].subset).toBe('v2');
    expect(t.steps.some(s => s.kind === 'delegate')).toBe(true);
    expect(trace(i, { path: '/r/9' }).destinations[0].subset).toBe('v3');
    expect(trace(i, { path: '/x' }).virtualService?.name).toBe('root');
  });

  it("cannot use a delegate that is not exported to the root's namespace", () => {
    const i = build([
      istio('VirtualService', 'bookinfo', 'root', {
        hosts: ['reviews'],
        http: [
          {
            match: [{ uri: { prefix: '/r' } }],
            delegate: { name: 'child', namespace: 'team-a' },
          },
        ],
      }),
      istio('VirtualService', 'team-a', 'child', {
        exportTo: ['.'],
        http: [
          {
            route: [
              {
                destination: {
                  host: 'reviews.bookinfo.svc.cluster.local',
                  subset: 'v2',
                },
              },
            ],
          },
        ],
      }),
    ]);
    const t = trace(i, { path: '/r/1' });
    expect(t.destinations).toEqual([]);
    expect(t.steps.at(-1)).toMatchObject({
      kind: 'delegate',
      message: expect.stringContaining('is not exported to namespace bookinfo'),
    });
    const exported = build([
      ...i.all('VirtualService').filter(v => v.metadata.name === 'root'),
      istio('VirtualService', 'team-a', 'child', {
        exportTo: ['bookinfo'],
        http: [
          {
            route: [
              {
                destination: {
                  host: 'reviews.bookinfo.svc.cluster.local',
                  subset: 'v2',
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(trace(exported, { path: '/r/1' }).destinations[0].subset).toBe('v2');
  });
});

describe('traceRequest through a gateway', () => {
  const index = build([...bookinfoGateway(), reviewsJasonV2V3()]);
  const viaGateway = (req: Partial<RouteRequest>) =>
    traceRequest(index, {
      host: 'bookinfo.example.com',
      port: 8080,
      source: { gateway: 'bookinfo/bookinfo-gateway' },
      ...req,
    });

  it('routes /productpage to productpage through the gateway', () => {
    const t = viaGateway({ path: '/productpage' });
    expect(t.request.gateway).toBe('bookinfo/bookinfo-gateway');
    expect(t.request.sourceNamespace).toBe('istio-system');
    expect(t.virtualService).toEqual({
      namespace: 'bookinfo',
      name: 'bookinfo',
    });
    expect(t.destinations[0]).toMatchObject({
      host: 'productpage.bookinfo.svc.cluster.local',
      port: 9080,
      weight: 100,
    });
    expect(t.matchIndex).toBe(0);
    expect(viaGateway({ path: '/static/x.css' }).matchIndex).toBe(1);
  });

  it('answers 404 for paths no rule matches, for ports with no server, and for unknown gateways', () => {
    expect(viaGateway({ path: '/admin' }).outcome).toBe('no-route');
    const wrongPort = viaGateway({ path: '/productpage', port: 9999 });
    expect(wrongPort.outcome).toBe('no-route');
    expect(
      wrongPort.steps.find(s => s.kind === 'gateway-server')?.message,
    ).toMatch(/no server on port 9999/);
    const unknown = viaGateway({
      path: '/productpage',
      source: { gateway: 'bookinfo/nope' },
    });
    expect(unknown.outcome).toBe('no-route');
  });

  it('merges VirtualServices bound to the same gateway, oldest first', () => {
    const i = build([
      ...bookinfoGateway(),
      istio('VirtualService', 'bookinfo', 'extra', {
        hosts: ['*'],
        gateways: ['bookinfo/bookinfo-gateway'],
        http: [
          {
            match: [{ uri: { prefix: '/reviews' } }],
            route: [{ destination: { host: 'reviews', subset: 'v1' } }],
          },
        ],
      }),
    ]);
    const t = traceRequest(i, {
      host: 'bookinfo.example.com',
      port: 8080,
      path: '/reviews/1',
      source: { gateway: 'bookinfo/bookinfo-gateway' },
    });
    expect(t.virtualService).toEqual({ namespace: 'bookinfo', name: 'extra' });
    expect(
      t.steps
        .filter(s => s.kind === 'rule-skipped')
        .map(s => s.virtualService?.name),
    ).toEqual(['bookinfo']);
  });

  it('binds only VirtualServices from the namespaces a server host allows (ns/host)', () => {
    const i = build([
      istio('Gateway', 'istio-system', 'shared', {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: ['bookinfo/*.example.com', './status.internal'],
          },
        ],
      }),
      istio('VirtualService', 'rogue', 'steal', {
        hosts: ['shop.example.com'],
        gateways: ['istio-system/shared'],
        http: [
          {
            route: [
              { destination: { host: 'ratings.bookinfo.svc.cluster.local' } },
            ],
          },
        ],
      }),
      istio('VirtualService', 'bookinfo', 'shop', {
        hosts: ['shop.example.com'],
        gateways: ['istio-system/shared'],
        http: [{ route: [{ destination: { host: 'productpage' } }] }],
      }),
    ]);
    const t = traceRequest(i, {
      host: 'shop.example.com',
      port: 80,
      path: '/',
      source: { gateway: 'istio-system/shared' },
    });
    expect(t.virtualService).toEqual({ namespace: 'bookinfo', name: 'shop' });
    expect(
      t.steps.find(s => s.kind === 'virtual-service-not-bound'),
    ).toMatchObject({ virtualService: { namespace: 'rogue', name: 'steal' } });
    // `./host` means the Gateway's own namespace: a bookinfo VirtualService cannot take status.internal.
    const status = traceRequest(
      build([
        ...i.all('Gateway'),
        istio('VirtualService', 'bookinfo', 'status', {
          hosts: ['status.internal'],
          gateways: ['istio-system/shared'],
          http: [{ route: [{ destination: { host: 'productpage' } }] }],
        }),
      ]),
      {
        host: 'status.internal',
        port: 80,
        path: '/',
        source: { gateway: 'istio-system/shared' },
      },
    );
    expect(status.virtualService).toBeNull();
    expect(status.outcome).toBe('no-route');
  });

  it('does not apply gateway-bound rules to sidecars', () => {
    const t = traceRequest(index, {
      host: 'productpage',
      path: '/productpage',
      source: { namespace: 'bookinfo' },
    });
    expect(t.virtualService).toBeNull();
    expect(t.outcome).toBe('default-route');
  });
});

describe('traceRequest for TCP and TLS', () => {
  const index = build([
    service('bookinfo', 'mongodb', { app: 'mongodb' }, [27017]),
    istio('DestinationRule', 'bookinfo', 'mongodb', {
      host: 'mongodb',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    }),
    istio('VirtualService', 'bookinfo', 'mongodb', {
      hosts: ['mongodb'],
      tcp: [
        {
          match: [{ port: 27018 }],
          route: [
            {
              destination: {
                host: 'mongodb',
                subset: 'v2',
                port: { number: 27017 },
              },
            },
          ],
        },
        {
          match: [{ destinationSubnets: ['10.0.0.0/8'] }],
          route: [{ destination: { host: 'mongodb', subset: 'v1' } }],
        },
      ],
    }),
    istio('ServiceEntry', 'bookinfo', 'external', {
      hosts: ['*.wikipedia.org'],
      ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
      resolution: 'NONE',
    }),
    istio('VirtualService', 'bookinfo', 'wiki', {
      hosts: ['*.wikipedia.org'],
      tls: [
        {
          match: [{ port: 443, sniHosts: ['en.wikipedia.org'] }],
          route: [{ destination: { host: 'en.wikipedia.org' } }],
        },
        {
          match: [{ port: 443, sniHosts: ['*.wikipedia.org'] }],
          route: [{ destination: { host: 'www.wikipedia.org' } }],
        },
      ],
    }),
  ]);

  it('routes TCP by port and by destination subnet', () => {
    const byPort = traceRequest(index, {
      protocol: 'tcp',
      host: 'mongodb',
      port: 27018,
      source: fromProductpage,
    });
    expect(byPort.ruleIndex).toBe(0);
    expect(byPort.destinations[0]).toMatchObject({ subset: 'v2', port: 27017 });
    const bySubnet = traceRequest(index, {
      protocol: 'tcp',
      host: 'mongodb',
      port: 27017,
      destinationIp: '10.4.0.9',
      source: fromProductpage,
    });
    expect(bySubnet.ruleIndex).toBe(1);
    expect(bySubnet.steps.find(s => s.kind === 'rule-skipped')?.reason).toBe(
      'port 27017 is not 27018',
    );
    const none = traceRequest(index, {
      protocol: 'tcp',
      host: 'mongodb',
      port: 27017,
      destinationIp: '192.168.0.1',
      source: fromProductpage,
    });
    expect(none.outcome).toBe('no-route');
    expect(none.retries).toBeNull();
  });

  it('routes TLS by SNI, first matching rule first', () => {
    const en = traceRequest(index, {
      protocol: 'tls',
      host: 'en.wikipedia.org',
      port: 443,
      source: fromProductpage,
    });
    expect(en.ruleIndex).toBe(0);
    expect(en.destinations[0].host).toBe('en.wikipedia.org');
    const de = traceRequest(index, {
      protocol: 'tls',
      host: 'de.wikipedia.org',
      port: 443,
      source: fromProductpage,
    });
    expect(de.ruleIndex).toBe(1);
    expect(de.destinations[0].host).toBe('www.wikipedia.org');
    expect(de.steps.find(s => s.kind === 'rule-skipped')?.reason).toMatch(
      /SNI "de.wikipedia.org" is not one of en.wikipedia.org/,
    );
  });

  it('takes the default TCP route to a service without TCP rules', () => {
    const t = traceRequest(index, {
      protocol: 'tcp',
      host: 'ratings',
      port: 9080,
      source: fromProductpage,
    });
    expect(t.outcome).toBe('default-route');
    expect(t.destinations[0].host).toBe('ratings.bookinfo.svc.cluster.local');
  });
});

describe('traceRequest picks HTTP, TCP or TLS routes as the port declares', () => {
  const index = build([
    service('bookinfo', 'mongodb', { app: 'mongodb' }, [
      { name: 'mongo', port: 27017 },
      { name: 'web', port: 8080, appProtocol: 'kubernetes.io/h2c' },
      { name: 'x', port: 7000, appProtocol: 'custom' },
    ]),
    istio('VirtualService', 'bookinfo', 'mongodb', {
      hosts: ['mongodb'],
      http: [
        {
          route: [{ destination: { host: 'mongodb', port: { number: 8080 } } }],
        },
      ],
      tcp: [
        {
          match: [{ port: 27017 }],
          route: [
            { destination: { host: 'mongodb', port: { number: 27017 } } },
          ],
        },
      ],
    }),
    istio('ServiceEntry', 'bookinfo', 'external', {
      hosts: ['*.wikipedia.org'],
      ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
      resolution: 'NONE',
    }),
    istio('VirtualService', 'bookinfo', 'wiki', {
      hosts: ['*.wikipedia.org'],
      tls: [
        {
          match: [{ port: 443, sniHosts: ['en.wikipedia.org'] }],
          route: [{ destination: { host: 'en.wikipedia.org' } }],
        },
      ],
    }),
    istio('Gateway', 'bookinfo', 'edge', {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'tls', protocol: 'TLS' },
          hosts: ['*.example.com'],
          tls: { mode: 'PASSTHROUGH' },
        },
        {
          port: { number: 8443, name: 'https', protocol: 'HTTPS' },
          hosts: ['*.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'c' },
        },
      ],
    }),
    istio('VirtualService', 'bookinfo', 'edge', {
      hosts: ['shop.example.com'],
      gateways: ['edge'],
      http: [{ route: [{ destination: { host: 'productpage' } }] }],
      tls: [
        {
          match: [{ port: 443, sniHosts: ['shop.example.com'] }],
          route: [
            { destination: { host: 'productpage', port: { number: 9443 } } },
          ],
        },
      ],
    }),
  ]);

  it('routes a Service port named for a TCP protocol by TCP rules and says why', () => {
    const t = traceRequest(index, {
      host: 'mongodb',
      port: 27017,
      source: fromProductpage,
    });
    expect(t.request.protocol).toBe('tcp');
    expect(t.ruleIndex).toBe(0);
    expect(t.steps.find(s => s.kind === 'protocol')?.message).toBe(
      'port 27017 of Service bookinfo/mongodb is MONGO, so TCP routes apply',
    );
  });

  it('routes HTTP-family and undeclared ports by HTTP rules, and unknown appProtocols as TCP', () => {
    const h2c = traceRequest(index, {
      host: 'mongodb',
      port: 8080,
      source: fromProductpage,
    });
    expect(h2c.request.protocol).toBe('http');
    expect(h2c.steps.some(s => s.kind === 'protocol')).toBe(false);
    expect(
      traceRequest(index, {
        host: 'mongodb',
        port: 7000,
        source: fromProductpage,
      }).request.protocol,
    ).toBe('tcp');
    // No Service declares port 9999: Istio sniffs, and an HTTP request is routed as HTTP.
    expect(
      traceRequest(index, {
        host: 'mongodb',
        port: 9999,
        source: fromProductpage,
      }).request.protocol,
    ).toBe('http');
  });

  it('routes a ServiceEntry HTTPS port by SNI, and lets the request force a protocol', () => {
    const t = traceRequest(index, {
      host: 'en.wikipedia.org',
      port: 443,
      source: fromProductpage,
    });
    expect(t.request.protocol).toBe('tls');
    expect(t.virtualService).toEqual({ namespace: 'bookinfo', name: 'wiki' });
    expect(t.steps.find(s => s.kind === 'protocol')?.message).toMatch(
      /ServiceEntry bookinfo\/external is HTTPS, so TLS routes apply/,
    );
    const forced = traceRequest(index, {
      host: 'en.wikipedia.org',
      port: 443,
      protocol: 'http',
      source: fromProductpage,
    });
    expect(forced.request.protocol).toBe('http');
    expect(forced.steps.some(s => s.kind === 'protocol')).toBe(false);
  });

  it('on a gateway, follows the server: passthrough TLS by SNI, terminated HTTPS by HTTP rules', () => {
    const gateway = { gateway: 'bookinfo/edge' };
    const passthrough = traceRequest(index, {
      host: 'shop.example.com',
      port: 443,
      source: gateway,
    });
    expect(passthrough.request.protocol).toBe('tls');
    expect(passthrough.destinations[0]).toMatchObject({
      host: 'productpage.bookinfo.svc.cluster.local',
      port: 9443,
    });
    const terminated = traceRequest(index, {
      host: 'shop.example.com',
      port: 8443,
      source: gateway,
    });
    expect(terminated.request.protocol).toBe('http');
    expect(terminated.destinations[0]).toMatchObject({
      host: 'productpage.bookinfo.svc.cluster.local',
      port: 9080,
    });
  });
});
