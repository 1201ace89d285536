import { KubeObject } from '../../kube/types';
import { istioFieldIssues } from './istioFieldRules';

const o = (
  kind: string,
  spec: unknown,
  group = 'networking.istio.io/v1',
): KubeObject => ({
  apiVersion: group,
  kind,
  metadata: { name: 'x', namespace: 'prod' },
  spec,
});
const paths = (x: KubeObject) => istioFieldIssues(x).map(i => i.path);

describe('istioFieldIssues', () => {
  it('checks Gateway servers: namespace/host form, port clashes, TLS credentials', () => {
    const gw = o('Gateway', {
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['prod/shop.example.com', 'Bad_NS/x.example.com'],
        },
        { port: { number: 443, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] },
        {
          port: { number: 8443, name: 'https2', protocol: 'HTTPS' },
          hosts: ['*.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'cert' },
        },
      ],
    });
    expect(paths(gw)).toEqual([
      'spec.servers[0].hosts[1]',
      'spec.servers[0].tls',
      'spec.servers[1].port.protocol',
    ]);
  });

  it('checks ServiceEntry ports, wildcard DNS hosts and static addresses', () => {
    const se = o('ServiceEntry', {
      hosts: ['*.example.com'],
      resolution: 'DNS',
      ports: [
        { number: 443, name: 'https' },
        { number: 443, name: 'again' },
        { number: 0, name: 'zero' },
      ],
    });
    expect(paths(se)).toEqual([
      'spec.hosts[0]',
      'spec.ports[1].number',
      'spec.ports[2].number',
    ]);
    const fine = o('ServiceEntry', {
      hosts: ['db.example.com'],
      resolution: 'STATIC',
      ports: [{ number: 5432, name: 'pg' }],
      endpoints: [{ address: '10.0.0.5' }],
    });
    expect(paths(fine)).toEqual([]);
    const bad = o('ServiceEntry', {
      hosts: ['db.example.com'],
      resolution: 'STATIC',
      endpoints: [{ address: 'db.internal' }],
    });
    expect(paths(bad)).toEqual(['spec.endpoints[0].address']);
  });

  it('checks DestinationRule subsets and durations', () => {
    const dr = o('DestinationRule', {
      host: 'r',
      subsets: [{ name: 'v1' }, { name: 'v1' }],
      trafficPolicy: {
        outlierDetection: { interval: 'soon', maxEjectionPercent: 150 },
      },
    });
    expect(paths(dr)).toEqual([
      'spec.trafficPolicy.outlierDetection.interval',
      'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
      'spec.subsets[1].name',
    ]);
  });

  it('checks Sidecar egress hosts and AuthorizationPolicy ports and conditions', () => {
    expect(
      paths(o('Sidecar', { egress: [{ hosts: ['./*', 'reviews.prod'] }] })),
    ).toEqual(['spec.egress[0].hosts[1]']);
    const ap = o(
      'AuthorizationPolicy',
      {
        rules: [
          {
            to: [{ operation: { ports: ['8080', 'http', '99999'] } }],
            when: [
              { key: 'request.headers.x', values: ['a'] },
              { key: 'source.ip' },
            ],
          },
        ],
      },
      'security.istio.io/v1',
    );
    expect(paths(ap)).toEqual([
      'spec.rules[0].to[0].operation.ports[1]',
      'spec.rules[0].to[0].operation.ports[2]',
      'spec.rules[0].when[0].key',
      'spec.rules[0].when[1]',
    ]);
  });

  it('marks regex problems as IST0122 warnings and ignores non-Istio kinds', () => {
    const vs = o('VirtualService', {
      hosts: ['r'],
      http: [
        {
          match: [{ uri: { regex: '(' } }],
          route: [{ destination: { host: 'r' } }],
        },
      ],
    });
    expect(istioFieldIssues(vs)).toEqual([
      expect.objectContaining({
        path: 'spec.http[0].match[0].uri.regex',
        code: 'IST0122',
        level: 'Warning',
      }),
    ]);
    expect(
      istioFieldIssues({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { hosts: ['bad host'] },
      }),
    ).toEqual([]);
  });
});
