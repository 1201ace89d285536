import {
  defaultTrace,
  jasonTrace,
  reviewsTraffic,
} from '../testing/trafficFixtures';
import {
  describeEffectivePolicy,
  describeFault,
  describeTraceActions,
  findingsOutsideRules,
  inTracedList,
  isTraceResource,
  ruleKey,
  traceHighlight,
} from './describeTrace';

describe('describeEffectivePolicy', () => {
  it('says nothing when no DestinationRule applies', () => {
    expect(
      describeEffectivePolicy({
        loadBalancer: null,
        connectionPool: null,
        outlierDetection: null,
        tls: null,
      }),
    ).toEqual([]);
  });

  it('puts every setting in words', () => {
    expect(
      describeEffectivePolicy({
        loadBalancer: { simple: 'ROUND_ROBIN' },
        connectionPool: {
          tcp: { maxConnections: 100 },
          http: { http1MaxPendingRequests: 10 },
        },
        outlierDetection: {
          consecutive5xxErrors: 3,
          interval: '10s',
          baseEjectionTime: '1m',
        },
        tls: { mode: 'ISTIO_MUTUAL' },
      }),
    ).toEqual([
      'load balancer: round robin',
      'connection pool: at most 100 connections, at most 10 pending requests',
      'outlier detection: eject a host after 3 consecutive 5xx, for 1m, checked every 10s',
      'TLS: Istio mutual TLS',
    ]);
  });
});

describe('describeFault', () => {
  it('describes delays and aborts with their share', () => {
    expect(
      describeFault({
        delay: { fixedDelay: '5s', percentage: { value: 10 } },
        abort: { httpStatus: 503 },
      }),
    ).toEqual([
      'fault: delay 5s for 10 % of requests',
      'fault: abort with 503 for 100 % of requests',
    ]);
  });
});

describe('describeTraceActions', () => {
  it('lists fault, the missing timeout and default retries', () => {
    expect(describeTraceActions(jasonTrace())).toEqual([
      'fault: delay 7s for 100 % of requests',
      'no timeout (Istio sets none by default)',
      "retries: 2 attempts, on connect-failure (Istio's default)",
    ]);
  });

  it('lists timeout, route retries and mirrors', () => {
    expect(describeTraceActions(defaultTrace())).toEqual([
      'timeout 10s',
      'retries: 3 attempts, 2s each',
      'mirror 5 % to reviews-shadow',
    ]);
  });

  it('describes redirects, direct responses and header changes', () => {
    expect(
      describeTraceActions({
        ...jasonTrace(),
        outcome: 'redirect',
        fault: null,
        retries: null,
        redirect: { uri: '/new', redirectCode: 301 },
        directResponse: { status: 418 },
        headers: { request: { set: { 'x-a': '1' }, remove: ['x-b'] } },
      }),
    ).toEqual([
      'redirect 301 to /new',
      'answer 418 directly',
      'request headers: set x-a, remove x-b',
    ]);
  });
});

describe('traceHighlight', () => {
  it('names the matched VirtualService rule and the skipped ones with reasons', () => {
    const h = traceHighlight('east', defaultTrace());
    expect(h).toEqual({
      cluster: 'east',
      resource: {
        kinds: ['VirtualService'],
        namespace: 'bookinfo',
        name: 'reviews',
      },
      ruleIndex: 1,
      protocol: 'http',
      skipped: {
        [ruleKey('bookinfo', 'reviews', 0)]:
          'header end-user is absent (wanted exactly "jason")',
      },
    });
    const vs = reviewsTraffic().clusters[0].resources[0];
    expect(isTraceResource(h, vs)).toBe(true);
    expect(isTraceResource(h, { ...vs, cluster: 'west' })).toBe(false);
    expect(isTraceResource(h, { ...vs, kind: 'DestinationRule' })).toBe(false);
  });

  it('matches HTTPRoutes and GRPCRoutes for a Gateway API route', () => {
    const h = traceHighlight('east', {
      ...jasonTrace(),
      virtualService: null,
      httpRoute: { namespace: 'bookinfo', name: 'reviews' },
    });
    const route = {
      cluster: 'east',
      kind: 'HTTPRoute' as const,
      namespace: 'bookinfo',
      name: 'reviews',
    };
    expect(isTraceResource(h, route)).toBe(true);
    expect(isTraceResource(undefined, route)).toBe(false);
  });
});

describe('inTracedList', () => {
  it('counts gRPC rules with HTTP ones and keeps TCP apart', () => {
    expect(inTracedList({ protocol: 'http' }, { protocol: 'grpc' })).toBe(true);
    expect(inTracedList({ protocol: 'http' }, { protocol: 'http' })).toBe(true);
    expect(inTracedList({ protocol: 'http' }, { protocol: 'tcp' })).toBe(false);
  });
});

describe('findingsOutsideRules', () => {
  it('keeps only findings no rule row shows', () => {
    const vs = reviewsTraffic().clusters[0].resources[0];
    expect(findingsOutsideRules(vs).map(f => f.code)).toEqual(['IST0134']);
  });
});
