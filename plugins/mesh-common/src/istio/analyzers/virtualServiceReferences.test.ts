import { obj, runAnalyzer, service, summary } from './testFixtures';
import { virtualServiceReferences } from './virtualServiceReferences';

const reviews = service('reviews', 'prod', { app: 'reviews' });
const dr = obj('DestinationRule', 'reviews', 'prod', {
  host: 'reviews',
  subsets: [{ name: 'v1', labels: { version: 'v1' } }],
});
const gw = obj('Gateway', 'public', 'prod', {
  selector: { istio: 'ingressgateway' },
  servers: [],
});

describe('virtualServiceReferences', () => {
  it('is quiet when hosts, subsets and gateways exist', () => {
    const vs = obj('VirtualService', 'reviews', 'prod', {
      hosts: ['reviews'],
      gateways: ['public', 'mesh'],
      http: [
        {
          route: [
            {
              destination: {
                host: 'reviews.prod.svc.cluster.local',
                subset: 'v1',
              },
            },
          ],
        },
      ],
    });
    expect(
      runAnalyzer(virtualServiceReferences, [reviews, dr, gw, vs]),
    ).toEqual([]);
  });

  it('reports missing hosts, subsets, gateways and delegates with paths', () => {
    const vs = obj('VirtualService', 'reviews', 'prod', {
      hosts: ['reviews'],
      gateways: ['other/public'],
      http: [
        {
          route: [
            { destination: { host: 'ratings' } },
            { destination: { host: 'reviews', subset: 'v9' } },
          ],
        },
        { delegate: { name: 'missing' } },
      ],
    });
    expect(
      summary(runAnalyzer(virtualServiceReferences, [reviews, dr, gw, vs])),
    ).toEqual([
      'IST0101 VirtualService/reviews spec.gateways[0]',
      'IST0101 VirtualService/reviews spec.http[0].route[0].destination.host',
      'IST0101 VirtualService/reviews spec.http[0].route[1].destination.subset',
      'IST0101 VirtualService/reviews spec.http[1].delegate',
    ]);
  });

  it("reports a delegate that is not exported to the root's namespace (MSH0114)", () => {
    const root = obj('VirtualService', 'root', 'prod', {
      hosts: ['reviews'],
      http: [
        { delegate: { name: 'child', namespace: 'team' } },
        { delegate: { name: 'open', namespace: 'team' } },
      ],
    });
    const hidden = obj('VirtualService', 'child', 'team', {
      exportTo: ['.'],
      http: [
        {
          route: [{ destination: { host: 'reviews.prod.svc.cluster.local' } }],
        },
      ],
    });
    const open = obj('VirtualService', 'open', 'team', {
      exportTo: ['prod'],
      http: [
        {
          route: [{ destination: { host: 'reviews.prod.svc.cluster.local' } }],
        },
      ],
    });
    expect(
      summary(
        runAnalyzer(virtualServiceReferences, [reviews, root, hidden, open]),
      ),
    ).toEqual(['MSH0114 VirtualService/root spec.http[0].delegate']);
  });

  it('calls hosts, subsets and gateways missing only when the input defines some of that kind', () => {
    const vs = obj('VirtualService', 'reviews', 'prod', {
      hosts: ['reviews'],
      gateways: ['istio-system/public'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    });
    expect(runAnalyzer(virtualServiceReferences, [vs])).toEqual([]);
    expect(
      summary(
        runAnalyzer(virtualServiceReferences, [
          vs,
          service('ratings', 'prod', { app: 'ratings' }),
        ]),
      ),
    ).toEqual([
      'IST0101 VirtualService/reviews spec.http[0].route[0].destination.host',
    ]);
    expect(
      summary(runAnalyzer(virtualServiceReferences, [vs, reviews, gw])),
    ).toEqual(['IST0101 VirtualService/reviews spec.gateways[0]']);
    expect(
      summary(
        runAnalyzer(virtualServiceReferences, [
          vs,
          reviews,
          obj('DestinationRule', 'r', 'prod', { host: 'reviews' }),
        ]),
      ),
    ).toEqual([
      'IST0101 VirtualService/reviews spec.http[0].route[0].destination.subset',
    ]);
  });

  it('requires a port when the Service has several', () => {
    const multi = service('reviews', 'prod', { app: 'reviews' }, [
      { name: 'http', port: 80 },
      { name: 'grpc', port: 9090 },
    ]);
    const without = obj('VirtualService', 'a', 'prod', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }] }],
    });
    const withPort = obj('VirtualService', 'b', 'prod', {
      hosts: ['reviews'],
      http: [
        { route: [{ destination: { host: 'reviews', port: { number: 80 } } }] },
      ],
    });
    expect(
      summary(
        runAnalyzer(virtualServiceReferences, [multi, without, withPort]),
      ),
    ).toEqual(['IST0112 VirtualService/a spec.http[0].route[0].destination']);
  });

  it('accepts hosts defined by a ServiceEntry', () => {
    const se = obj('ServiceEntry', 'ext', 'prod', {
      hosts: ['api.example.com'],
      ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
    });
    const vs = obj('VirtualService', 'ext', 'prod', {
      hosts: ['api.example.com'],
      tls: [
        {
          match: [{ sniHosts: ['api.example.com'] }],
          route: [{ destination: { host: 'api.example.com' } }],
        },
      ],
    });
    expect(runAnalyzer(virtualServiceReferences, [se, vs])).toEqual([]);
  });
});
