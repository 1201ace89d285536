import {
  describeCors,
  describeDestinations,
  describeRouteActions,
} from './describeRouteActions';

describe('describeDestinations', () => {
  it('gives a lone unweighted destination 100 and unweighted ones among several 0', () => {
    expect(
      describeDestinations([
        { destination: { host: 'reviews', subset: 'v2' } },
      ]),
    ).toEqual([
      {
        host: 'reviews',
        subset: 'v2',
        port: undefined,
        weight: 100,
        text: 'reviews (subset v2) — 100 %',
      },
    ]);
    expect(
      describeDestinations([
        {
          destination: {
            host: 'reviews',
            subset: 'v1',
            port: { number: 9080 },
          },
          weight: 90,
        },
        { destination: { host: 'reviews', subset: 'v2' } },
      ]).map(d => d.text),
    ).toEqual(['reviews:9080 (subset v1) — 90 %', 'reviews (subset v2) — 0 %']);
    expect(describeDestinations(undefined)).toEqual([]);
  });
});

describe('describeRouteActions', () => {
  it('says fault, retries, timeout and mirrors with their percentages', () => {
    expect(
      describeRouteActions({
        fault: {
          delay: { fixedDelay: '7s', percentage: { value: 10 } },
          abort: { httpStatus: 503 },
        },
        timeout: '10s',
        retries: {
          attempts: 3,
          perTryTimeout: '2s',
          retryOn: '5xx,gateway-error',
        },
        mirror: { host: 'reviews', subset: 'v3' },
        mirrorPercentage: { value: 20 },
        mirrors: [{ destination: { host: 'shadow' } }],
      }),
    ).toEqual([
      'fault: delay 7s for 10 % of requests',
      'fault: abort with HTTP 503 for 100 % of requests',
      'timeout 10s',
      'retries: 3 × 2s on 5xx,gateway-error',
      'mirror to reviews (subset v3) — 20 %',
      'mirror to shadow — 100 %',
    ]);
    expect(describeRouteActions({ retries: { attempts: 0 } })).toEqual([
      'no retries',
    ]);
    expect(
      describeRouteActions({
        fault: {
          abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 5 } },
        },
      }),
    ).toEqual([
      'fault: abort with gRPC status UNAVAILABLE for 5 % of requests',
    ]);
  });

  it('says redirect, direct response, rewrite, header changes, CORS and delegation', () => {
    expect(
      describeRouteActions({
        redirect: { uri: '/v2', authority: 'new.example.com', scheme: 'https' },
        directResponse: { status: 503, body: { string: 'down' } },
        rewrite: { uri: '/', authority: 'backend' },
        headers: {
          request: { set: { 'x-a': '1' }, remove: ['x-b'] },
          response: { add: { 'x-c': '2' } },
        },
        route: [
          {
            destination: { host: 'reviews', subset: 'v2' },
            headers: { request: { set: { 'x-v': '2' } } },
          },
        ],
        corsPolicy: {
          allowOrigins: [{ exact: 'https://shop.example.com' }],
          allowMethods: ['GET', 'POST'],
          maxAge: '24h',
        },
        delegate: { name: 'reviews-routes', namespace: 'bookinfo' },
      }),
    ).toEqual([
      'redirect (301) to scheme https, authority new.example.com, path "/v2"',
      'respond 503 with "down"',
      'rewrite path to "/"',
      'rewrite authority to "backend"',
      'request headers: set x-a: 1; remove x-b',
      'response headers: add x-c: 2',
      'to reviews (subset v2): request headers: set x-v: 2',
      'CORS: allow origins https://shop.example.com; methods GET, POST; max age 24h',
      'delegate to VirtualService bookinfo/reviews-routes',
    ]);
    expect(describeCors({})).toBe('CORS: allow no origins');
  });
});
