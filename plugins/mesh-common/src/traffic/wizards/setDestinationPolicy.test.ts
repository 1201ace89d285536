import { setCircuitBreaking, setLoadBalancing } from './setDestinationPolicy';
import { shiftTraffic } from './shiftTraffic';
import {
  applyTo,
  bookinfo,
  reviewsState,
  traceReviews,
  validManifests,
} from './wizardTestKit';

describe('setCircuitBreaking', () => {
  it('puts the limits and outlier detection in the trace of every subset', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      shiftTraffic({ weights: { v1: 50, v3: 50 } }, reviewsState(index)),
    );
    const result = setCircuitBreaking(
      {
        maxConnections: 100,
        http1MaxPendingRequests: 10,
        outlier: {
          consecutive5xxErrors: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
        },
      },
      reviewsState(index),
    );
    const [dr] = validManifests(result);
    expect((dr.spec as { subsets: unknown[] }).subsets).toHaveLength(3);
    const t = traceReviews(applyTo(index, result));
    for (const d of t.destinations) {
      expect(d.policy.connectionPool).toEqual({
        tcp: { maxConnections: 100 },
        http: { http1MaxPendingRequests: 10 },
      });
      expect(d.policy.outlierDetection).toMatchObject({
        consecutive5xxErrors: 5,
        baseEjectionTime: '30s',
      });
    }
  });

  it('creates the DestinationRule when there is none, and puts problems on their fields', () => {
    const index = bookinfo([], false);
    const [dr] = validManifests(
      setCircuitBreaking({ maxConnections: 1 }, reviewsState(index)),
    );
    expect(dr.metadata).toEqual({ name: 'reviews', namespace: 'bookinfo' });
    const bad = setCircuitBreaking(
      {
        maxConnections: 0,
        outlier: {
          consecutive5xxErrors: 1,
          interval: 'x',
          baseEjectionTime: '1s',
          maxEjectionPercent: 120,
        },
      },
      reviewsState(index),
    );
    expect(!bad.ok && bad.errors.map(e => e.field)).toEqual([
      'maxConnections',
      'outlier.interval',
      'outlier.maxEjectionPercent',
    ]);
  });
});

describe('setLoadBalancing', () => {
  it('sets a cookie with a TTL for session persistence, seen in the trace', () => {
    const index = bookinfo();
    const result = setLoadBalancing(
      { kind: 'cookie', name: 'session', ttl: '1h' },
      reviewsState(index),
    );
    const t = traceReviews(applyTo(index, result));
    expect(t.destinations[0].policy.loadBalancer).toEqual({
      consistentHash: { httpCookie: { name: 'session', ttl: '1h' } },
    });
  });

  it('hashes on a header or the source IP, or picks a simple algorithm', () => {
    for (const input of [
      { kind: 'header' as const, header: 'X-User' },
      { kind: 'sourceIp' as const },
      { kind: 'simple' as const, algorithm: 'LEAST_REQUEST' as const },
    ]) {
      const index = bookinfo();
      const t = traceReviews(
        applyTo(index, setLoadBalancing(input, reviewsState(index))),
      );
      expect(t.destinations[0].policy.loadBalancer).toBeTruthy();
    }
    expect(
      setLoadBalancing(
        { kind: 'cookie', name: 'a b', ttl: 'soon' },
        reviewsState(bookinfo()),
      ).ok,
    ).toBe(false);
  });
});
