import { jwtClaimRouting } from './jwtClaimRouting';
import { obj, pod, runAnalyzer, summary } from './testFixtures';

const gw = obj('Gateway', 'public', 'prod', {
  selector: { istio: 'ingressgateway' },
  servers: [
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
  ],
});
const ingress = pod('ingress', 'istio-system', { istio: 'ingressgateway' });
const vs = obj('VirtualService', 'shop', 'prod', {
  hosts: ['shop.example.com'],
  gateways: ['public'],
  http: [
    {
      match: [
        { headers: { '@request.auth.claims.groups': { exact: 'beta' } } },
      ],
      route: [{ destination: { host: 'shop-v2' } }],
    },
    { route: [{ destination: { host: 'shop' } }] },
  ],
});

describe('jwtClaimRouting', () => {
  it('reports claim routing without a RequestAuthentication on the gateway', () => {
    const elsewhere = obj('RequestAuthentication', 'jwt', 'prod', {
      jwtRules: [{ issuer: 'x' }],
    });
    expect(
      summary(runAnalyzer(jwtClaimRouting, [gw, ingress, vs, elsewhere])),
    ).toEqual([
      'IST0149 VirtualService/shop spec.http[0].match[0].headers["@request.auth.claims.groups"]',
    ]);
  });

  it('is quiet when the gateway workload validates JWTs, or no claims are used', () => {
    const ra = obj('RequestAuthentication', 'jwt', 'istio-system', {
      selector: { matchLabels: { istio: 'ingressgateway' } },
      jwtRules: [{ issuer: 'x' }],
    });
    expect(runAnalyzer(jwtClaimRouting, [gw, ingress, vs, ra])).toEqual([]);
    const plain = obj('VirtualService', 'plain', 'prod', {
      hosts: ['a'],
      gateways: ['public'],
      http: [
        {
          match: [{ headers: { 'x-user': { exact: 'a' } } }],
          route: [{ destination: { host: 'a' } }],
        },
      ],
    });
    expect(runAnalyzer(jwtClaimRouting, [gw, ingress, plain])).toEqual([]);
  });
});
