import {
  describeClientTls,
  describeConnectionPool,
  describeLoadBalancer,
  describeOutlierDetection,
  trafficPolicyViews,
} from './describeTrafficPolicy';

describe('describeTrafficPolicy', () => {
  it('says the load balancer, simple and consistent hash', () => {
    expect(describeLoadBalancer({ simple: 'LEAST_REQUEST' })).toEqual([
      'load balancer: least requests',
    ]);
    expect(
      describeLoadBalancer({ consistentHash: { httpHeaderName: 'x-user' } }),
    ).toEqual(['load balancer: consistent hash on header x-user']);
    expect(
      describeLoadBalancer({
        consistentHash: {
          httpCookie: { name: 'user', ttl: '0s' },
          ringHash: { minimumRingSize: 1024 },
        },
      }),
    ).toEqual([
      'load balancer: consistent hash on cookie user (ttl 0s), ring hash of at least 1024 entries',
    ]);
    expect(
      describeLoadBalancer({ consistentHash: { useSourceIp: true } }),
    ).toEqual(['load balancer: consistent hash on source IP']);
    expect(
      describeLoadBalancer({
        localityLbSetting: {
          distribute: [
            { from: 'us-west/*', to: { 'us-west/*': 80, 'us-east/*': 20 } },
          ],
          failover: [{ from: 'us-east', to: 'eu-west' }],
        },
      }),
    ).toEqual([
      'locality: from us-west/* send 80 % to us-west/*, 20 % to us-east/*',
      'locality: fail over from us-east to eu-west',
    ]);
  });

  it('says connection pool limits and outlier detection', () => {
    expect(
      describeConnectionPool({
        tcp: { maxConnections: 100, connectTimeout: '30ms' },
        http: {
          http1MaxPendingRequests: 1,
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 10,
          maxRetries: 3,
          idleTimeout: '1h',
        },
      }),
    ).toEqual([
      'connection pool: at most 100 connections, connect timeout 30ms',
      'HTTP connection pool: at most 1 pending requests, at most 1000 active requests, at most 10 requests per connection, at most 3 concurrent retries, idle timeout 1h',
    ]);
    expect(
      describeOutlierDetection({
        consecutive5xxErrors: 5,
        baseEjectionTime: '30s',
      }),
    ).toBe('outlier detection: eject after 5 consecutive 5xx for 30s');
    expect(
      describeOutlierDetection({
        consecutiveGatewayErrors: 3,
        interval: '10s',
        baseEjectionTime: '1m',
        maxEjectionPercent: 50,
      }),
    ).toBe(
      'outlier detection: eject after 3 consecutive gateway errors for 1m; checked every 10s, at most 50 % of hosts ejected',
    );
    expect(describeOutlierDetection({})).toBe(
      'outlier detection: eject after 5 consecutive 5xx (default) for 30s',
    );
    expect(describeClientTls({ mode: 'ISTIO_MUTUAL' })).toBe(
      'TLS: Istio mutual TLS',
    );
  });

  it('scopes host-wide, per-port and per-subset policies', () => {
    expect(
      trafficPolicyViews({
        loadBalancer: { simple: 'ROUND_ROBIN' },
        portLevelSettings: [
          { port: { number: 9080 }, tls: { mode: 'DISABLE' } },
        ],
      }),
    ).toEqual([
      { scope: 'all ports', lines: ['load balancer: round robin'] },
      { scope: 'port 9080', lines: ['TLS: off (plain text)'] },
    ]);
    expect(
      trafficPolicyViews(
        {
          outlierDetection: { consecutive5xxErrors: 1 },
          portLevelSettings: [
            { port: { number: 80 }, loadBalancer: { simple: 'RANDOM' } },
          ],
        },
        'v2',
      ).map(v => v.scope),
    ).toEqual(['subset v2', 'subset v2, port 80']);
    expect(trafficPolicyViews(undefined)).toEqual([]);
    expect(trafficPolicyViews({})).toEqual([]);
  });
});
