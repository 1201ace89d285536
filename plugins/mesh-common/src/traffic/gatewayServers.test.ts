import { istio } from '../istio/model/__fixtures__/objects';
import {
  GatewayApiGateway,
  GatewayApiHTTPRoute,
} from '../istio/model/gatewayApi';
import { Gateway, VirtualService } from '../istio/model/networking';
import {
  gatewayApiListeners,
  hostsIntersect,
  istioGatewayServers,
} from './gatewayServers';

describe('hostsIntersect', () => {
  it('matches wildcards both ways', () => {
    expect(hostsIntersect('*', 'a.example.com')).toBe(true);
    expect(hostsIntersect('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsIntersect('a.example.com', '*.example.com')).toBe(true);
    expect(hostsIntersect('*.a.example.com', '*.example.com')).toBe(true);
    expect(hostsIntersect('a.example.com', 'b.example.com')).toBe(false);
    expect(hostsIntersect('*.example.org', 'a.example.com')).toBe(false);
  });
});

describe('istioGatewayServers', () => {
  const gw = istio('Gateway', 'istio-system', 'ingress', {
    servers: [
      {
        port: { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: ['*/shop.example.com'],
        tls: { httpsRedirect: true },
      },
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['shop/shop.example.com', 'other/*.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
      },
      {
        port: { number: 8080, name: 'http2', protocol: 'HTTP' },
        hosts: ['./admin.example.com'],
      },
    ],
  }) as Gateway;
  const vs = istio('VirtualService', 'shop', 'shop', {
    hosts: ['shop.example.com'],
    gateways: ['istio-system/ingress'],
  }) as VirtualService;

  it('keeps the servers, and their hosts, that take the VirtualService in its namespace', () => {
    expect(istioGatewayServers(gw, [vs])).toEqual([
      {
        port: 80,
        protocol: 'HTTP',
        hosts: ['*/shop.example.com'],
        tls: 'redirects to HTTPS',
      },
      {
        port: 443,
        protocol: 'HTTPS',
        hosts: ['shop/shop.example.com'],
        tls: 'SIMPLE (credential shop-cert)',
      },
    ]);
    expect(istioGatewayServers(gw, [])).toEqual([]);
  });
});

describe('gatewayApiListeners', () => {
  it('keeps the listeners a route attaches to', () => {
    const gw = istio(
      'Gateway',
      'infra',
      'web',
      {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'http',
            port: 80,
            protocol: 'HTTP',
            hostname: '*.example.com',
          },
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'other.org',
            tls: { mode: 'Terminate' },
          },
        ],
      },
      { apiVersion: 'gateway.networking.k8s.io/v1' },
    ) as GatewayApiGateway;
    const route = istio(
      'HTTPRoute',
      'shop',
      'shop',
      {
        parentRefs: [{ name: 'web', namespace: 'infra' }],
        hostnames: ['shop.example.com'],
      },
      { apiVersion: 'gateway.networking.k8s.io/v1' },
    ) as GatewayApiHTTPRoute;
    expect(gatewayApiListeners(gw, [route])).toEqual([
      { port: 80, protocol: 'HTTP', hosts: ['*.example.com'] },
    ]);
  });
});
