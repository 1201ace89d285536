import { istio } from '../istio/model/__fixtures__/objects';
import { GatewayApiHTTPRoute } from '../istio/model/gatewayApi';
import { VirtualService } from '../istio/model/networking';
import { Finding } from '../istio/validation/finding';
import {
  describeBackendRefs,
  findingsUnder,
  gatewayApiRuleRows,
  virtualServiceRuleRows,
} from './ruleRows';

const finding = (path: string): Finding => ({
  code: 'X',
  level: 'Warning',
  message: path,
  resource: { kind: 'VirtualService', namespace: 'ns', name: 'vs' },
  path,
});

describe('findingsUnder', () => {
  it('takes the path and what is below it, not a sibling with a longer index', () => {
    const fs = [
      'spec.http[1]',
      'spec.http[1].route[0].weight',
      'spec.http[10]',
      'spec.hosts',
    ].map(finding);
    expect(findingsUnder(fs, 'spec.http[1]').map(f => f.path)).toEqual([
      'spec.http[1]',
      'spec.http[1].route[0].weight',
    ]);
  });
});

describe('virtualServiceRuleRows', () => {
  it('lists http, tcp and tls rules with shadowing', () => {
    const vs = istio('VirtualService', 'ns', 'vs', {
      hosts: ['db'],
      http: [
        {
          match: [{ headers: { 'x-a': { exact: '1' } } }],
          route: [{ destination: { host: 'db' } }],
        },
        {
          match: [
            { headers: { 'x-a': { exact: '1' } }, uri: { prefix: '/x' } },
          ],
          route: [{ destination: { host: 'db' } }],
        },
        {
          match: [
            { uri: { exact: '/y' } },
            { headers: { 'x-a': { exact: '1' } } },
          ],
          route: [{ destination: { host: 'db' } }],
        },
      ],
      tcp: [
        { route: [{ destination: { host: 'db', port: { number: 3306 } } }] },
        { match: [{ port: 3307 }], route: [{ destination: { host: 'db' } }] },
      ],
      tls: [
        {
          match: [{ sniHosts: ['db.example.com'] }],
          route: [{ destination: { host: 'db' } }],
        },
      ],
    }) as VirtualService;
    const rows = virtualServiceRuleRows(vs, [finding('spec.tcp[1]')]);
    expect(
      rows.map(r => [
        r.protocol,
        r.index,
        r.isDefault,
        r.shadowedBy,
        r.findings.length,
      ]),
    ).toEqual([
      ['http', 0, false, undefined, 0],
      ['http', 1, false, 0, 0],
      // One match block is covered, the other (/y) is not: reachable.
      ['http', 2, false, undefined, 0],
      ['tcp', 0, true, undefined, 0],
      ['tcp', 1, false, 0, 1],
      ['tls', 0, false, undefined, 0],
    ]);
    expect(rows[5].when).toBe('SNI db.example.com');
    expect(rows[3].destinations[0].text).toBe('db:3306 — 100 %');
  });
});

describe('gatewayApiRuleRows', () => {
  it('lists HTTPRoute rules with backend shares and filters', () => {
    const route = istio(
      'HTTPRoute',
      'shop',
      'cart',
      {
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
            backendRefs: [
              { name: 'cart', port: 80, weight: 3 },
              { name: 'cart-canary', port: 80, weight: 1 },
            ],
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }] },
              },
              {
                type: 'URLRewrite',
                urlRewrite: {
                  path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' },
                },
              },
            ],
            timeouts: { request: '5s' },
          },
          { backendRefs: [{ name: 'cart', port: 80 }] },
        ],
      },
      { apiVersion: 'gateway.networking.k8s.io/v1' },
    ) as GatewayApiHTTPRoute;
    const rows = gatewayApiRuleRows(route, []);
    expect(rows[0]).toMatchObject({
      protocol: 'http',
      path: 'spec.rules[0]',
      when: 'path starts with "/cart"',
      isDefault: false,
      actions: [
        'request headers: set x-a: 1',
        'rewrite path prefix to "/"',
        'timeout 5s',
      ],
    });
    expect(rows[0].destinations.map(d => d.text)).toEqual([
      'cart:80 — 75 %',
      'cart-canary:80 — 25 %',
    ]);
    expect(rows[1]).toMatchObject({ when: 'every request', isDefault: true });
    expect(
      describeBackendRefs([{ name: 'x', namespace: 'other' }], 'shop')[0].host,
    ).toBe('x.other');
  });
});
