import { gatewayAnalyzer, hostsOverlap } from './gatewayAnalyzer';
import { obj, pod, runAnalyzer, service, summary } from './testFixtures';

const ingressPod = pod('ingress-1', 'istio-system', {
  istio: 'ingressgateway',
});
const ingressSvc = service(
  'istio-ingressgateway',
  'istio-system',
  { istio: 'ingressgateway' },
  [
    { name: 'http2', port: 80, targetPort: 8080 },
    { name: 'https', port: 443, targetPort: 8443 },
  ],
);
const secret = obj('Secret', 'cert', 'istio-system');
const server = (port: number, hosts: string[], cred?: string) => ({
  port: { number: port, name: `p${port}`, protocol: cred ? 'HTTPS' : 'HTTP' },
  hosts,
  ...(cred ? { tls: { mode: 'SIMPLE', credentialName: cred } } : {}),
});

describe('gatewayAnalyzer', () => {
  it('is quiet for a well-formed gateway and bound VirtualService', () => {
    const gw = obj('Gateway', 'public', 'prod', {
      selector: { istio: 'ingressgateway' },
      servers: [
        server(80, ['*.example.com']),
        server(443, ['prod/shop.example.com'], 'cert'),
      ],
    });
    const vs = obj('VirtualService', 'shop', 'prod', {
      hosts: ['shop.example.com'],
      gateways: ['public'],
      http: [{ route: [{ destination: { host: 'shop' } }] }],
    });
    expect(
      runAnalyzer(gatewayAnalyzer, [ingressPod, ingressSvc, secret, gw, vs]),
    ).toEqual([]);
  });

  it('reports missing selector targets, secrets, unexposed ports and hosts the gateway does not accept', () => {
    const gw = obj('Gateway', 'public', 'prod', {
      selector: { istio: 'ingressgateway' },
      servers: [
        server(9000, ['shop.example.com']),
        server(443, ['shop.example.com'], 'nope'),
      ],
    });
    const orphan = obj('Gateway', 'orphan', 'prod', {
      selector: { istio: 'egress' },
      servers: [server(80, ['x.example.com'])],
    });
    const vs = obj('VirtualService', 'shop', 'prod', {
      hosts: ['other.example.com'],
      gateways: ['public'],
      http: [{ route: [{ destination: { host: 'shop' } }] }],
    });
    expect(
      summary(
        runAnalyzer(gatewayAnalyzer, [
          ingressPod,
          ingressSvc,
          secret,
          gw,
          orphan,
          vs,
        ]),
      ),
    ).toEqual([
      'IST0162 Gateway/public spec.servers[0].port.number',
      'IST0101 Gateway/public spec.servers[1].tls.credentialName',
      'IST0101 Gateway/orphan spec.selector',
      'IST0132 VirtualService/shop spec.hosts[0]',
    ]);
  });

  it('reports clashing gateways, shared certificates and duplicate servers', () => {
    const a = obj('Gateway', 'a', 'prod', {
      selector: { istio: 'ingressgateway' },
      servers: [
        server(443, ['*.example.com'], 'cert'),
        server(443, ['shop.example.com'], 'cert'),
      ],
    });
    const b = obj('Gateway', 'b', 'shop', {
      selector: { istio: 'ingressgateway' },
      servers: [server(443, ['shop.example.com'], 'cert')],
    });
    const found = summary(runAnalyzer(gatewayAnalyzer, [a, b]));
    expect(found).toEqual(
      expect.arrayContaining([
        'MSH0112 Gateway/a spec.servers[1].hosts[0]',
        'IST0145 Gateway/b spec.servers[0]',
        'IST0138 Gateway/b spec.servers[0].tls.credentialName',
      ]),
    );
    const c = obj('Gateway', 'c', 'shop', {
      selector: { istio: 'other' },
      servers: [server(443, ['shop.example.com'], 'cert2')],
    });
    expect(runAnalyzer(gatewayAnalyzer, [b, c])).toEqual([]);
  });

  it('compares wildcard hosts both ways', () => {
    expect(hostsOverlap('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsOverlap('a.example.com', '*')).toBe(true);
    expect(hostsOverlap('*.a.example.com', '*.example.com')).toBe(true);
    expect(hostsOverlap('a.example.com', 'b.example.com')).toBe(false);
  });
});
