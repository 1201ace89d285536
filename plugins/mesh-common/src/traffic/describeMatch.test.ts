import {
  describeGatewayApiMatch,
  describeGrpcMatch,
  describeHttpMatch,
  describeHttpMatches,
  describeRouteMatches,
  describeStringCondition,
  describeStringMismatch,
  describeTcpMatches,
  describeTlsMatches,
} from './describeMatch';

describe('describeStringCondition', () => {
  it('says exact, prefix, regex and presence', () => {
    expect(describeStringCondition({ exact: 'jason' })).toBe(
      'is exactly "jason"',
    );
    expect(describeStringCondition({ prefix: '/api' })).toBe(
      'starts with "/api"',
    );
    expect(describeStringCondition({ regex: 'v[0-9]+' })).toBe(
      'matches regex "v[0-9]+"',
    );
    expect(describeStringCondition({})).toBe('is present');
    expect(describeStringMismatch({ exact: 'x' })).toBe('is not "x"');
    expect(describeStringMismatch({ prefix: 'x' })).toBe(
      'does not start with "x"',
    );
    expect(describeStringMismatch({ regex: 'x' })).toBe(
      'does not match regex "x"',
    );
    expect(describeStringMismatch({})).toBe('is absent');
  });
});

describe('describeHttpMatch', () => {
  it('names every kind of condition, joined with and', () => {
    expect(
      describeHttpMatch({
        uri: { prefix: '/API' },
        ignoreUriCase: true,
        scheme: { exact: 'https' },
        method: { exact: 'POST' },
        authority: { regex: '.*\\.example\\.com' },
        headers: { 'end-user': { exact: 'jason' }, 'x-canary': {} },
        queryParams: { debug: { exact: '1' } },
        withoutHeaders: { 'x-internal': {}, 'x-env': { exact: 'prod' } },
        port: 9080,
        sourceLabels: { app: 'productpage', version: 'v1' },
        sourceNamespace: 'frontend',
        gateways: ['mesh', 'istio-system/ingress'],
      }),
    ).toBe(
      [
        'path starts with "/API" (ignoring case)',
        'scheme is exactly "https"',
        'method is exactly "POST"',
        'authority matches regex ".*\\.example\\.com"',
        'header end-user is exactly "jason"',
        'header x-canary is present',
        'query parameter debug is exactly "1"',
        'header x-internal is absent',
        'header x-env is not "prod"',
        'port 9080',
        'from workloads labelled app=productpage,version=v1',
        'from namespace frontend',
        'through mesh or istio-system/ingress',
      ].join(' and '),
    );
  });

  it('joins blocks with or; no match or an empty block is every request', () => {
    expect(describeHttpMatches(undefined)).toBe('every request');
    expect(describeHttpMatches([])).toBe('every request');
    expect(describeHttpMatches([{ uri: { exact: '/a' } }, {}])).toBe(
      'every request',
    );
    expect(describeHttpMatches([{ name: 'only-a-name' }])).toBe(
      'every request',
    );
    expect(
      describeHttpMatches([
        { uri: { exact: '/a' } },
        { uri: { prefix: '/b' } },
      ]),
    ).toBe('path is exactly "/a" or path starts with "/b"');
  });
});

describe('L4 matches', () => {
  it('describes tcp and tls matches', () => {
    expect(describeTcpMatches(undefined)).toBe('every connection');
    expect(
      describeTcpMatches([
        { port: 3306, destinationSubnets: ['10.0.0.0/8'] },
        { sourceLabels: { app: 'ratings' } },
      ]),
    ).toBe(
      'destination in 10.0.0.0/8 and port 3306 or from workloads labelled app=ratings',
    );
    expect(
      describeTlsMatches([
        { sniHosts: ['a.example.com', 'b.example.com'], port: 443 },
      ]),
    ).toBe('SNI a.example.com or b.example.com and port 443');
  });
});

describe('Gateway API matches', () => {
  it('describes HTTPRoute and GRPCRoute matches', () => {
    expect(describeGatewayApiMatch({ path: { value: '/' } })).toBe(
      'every request',
    );
    expect(
      describeGatewayApiMatch({
        path: { type: 'Exact', value: '/login' },
        method: 'POST',
        headers: [{ name: 'x-user', value: 'jason' }],
        queryParams: [{ type: 'RegularExpression', name: 'v', value: '[0-9]' }],
      }),
    ).toBe(
      'path is exactly "/login" and method is exactly "POST" and header x-user is exactly "jason" and query parameter v matches regex "[0-9]"',
    );
    expect(
      describeGrpcMatch({ method: { service: 'shop.Cart', method: 'Add' } }),
    ).toBe('gRPC method shop.Cart/Add');
    expect(describeRouteMatches([], describeGatewayApiMatch)).toBe(
      'every request',
    );
  });
});
