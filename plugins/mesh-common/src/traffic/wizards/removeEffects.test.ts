import { reviewsJasonV2V3 } from '../../istio/model/__fixtures__/bookinfo';
import { DestinationRule, VirtualService } from '../../istio/model/networking';
import { MeshIndex } from '../../istio/index/MeshIndex';
import { clone } from './editResources';
import { mirrorTraffic } from './mirrorTraffic';
import {
  removeCircuitBreaking,
  removeLoadBalancing,
  removeMirroring,
  removeTimeoutsAndRetries,
} from './removeEffects';
import { setCircuitBreaking, setLoadBalancing } from './setDestinationPolicy';
import { setTimeoutsAndRetries } from './setTimeoutsAndRetries';
import { shiftTraffic } from './shiftTraffic';
import {
  applyTo,
  bookinfo,
  jasonRules,
  reviewsState,
  traceReviews,
  validManifests,
} from './wizardTestKit';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

const routing = (index: MeshIndex, headers: Record<string, string> = {}) =>
  traceReviews(index, { headers }).destinations.map(d => [d.subset, d.weight]);

/** Bookinfo with reviews shifted 50/50 between v1 and v3. */
function shifted(): MeshIndex {
  const index = bookinfo();
  return applyTo(
    index,
    shiftTraffic({ weights: { v1: 50, v3: 50 } }, reviewsState(index)),
  );
}

/** Adds port-level and subset-level settings to the live reviews DestinationRule. */
function withPortAndSubsetPolicies(
  index: MeshIndex,
  edit: (dr: DestinationRule) => void,
): MeshIndex {
  const dr = clone(reviewsState(index).destinationRule!);
  edit(dr);
  index.upsert(dr);
  return index;
}

describe('removeTimeoutsAndRetries', () => {
  it('drops the timeout and retries of every rule, routing unchanged', () => {
    let index = bookinfo([reviewsJasonV2V3()]);
    index = applyTo(
      index,
      setTimeoutsAndRetries(
        { timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' } },
        reviewsState(index),
      ),
    );
    expect(traceReviews(index).timeout).toBe('10s');
    const result = removeTimeoutsAndRetries(reviewsState(index));
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http).toEqual(jasonRules());
    index = applyTo(index, result);
    for (const headers of [{ 'end-user': 'jason' }, {}] as Array<
      Record<string, string>
    >) {
      const t = traceReviews(index, { headers });
      expect(t.timeout).toBeNull();
      expect(t.retries?.source).toBe('default');
    }
    expect(routing(index, { 'end-user': 'jason' })).toEqual([['v2', 100]]);
    expect(routing(index)).toEqual([['v3', 100]]);
  });

  it('says so when there is nothing to remove', () => {
    expect(
      removeTimeoutsAndRetries(reviewsState(bookinfo([reviewsJasonV2V3()]))).ok,
    ).toBe(false);
    const none = removeTimeoutsAndRetries(reviewsState(bookinfo()));
    expect(!none.ok && none.errors[0].field).toBe('timeout');
  });
});

describe('removeCircuitBreaking', () => {
  it('drops limits and outlier detection host-wide, per port and per subset, keeping the rest', () => {
    let index = shifted();
    index = applyTo(
      index,
      setCircuitBreaking(
        {
          maxConnections: 100,
          outlier: {
            consecutive5xxErrors: 5,
            interval: '10s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 50,
          },
        },
        reviewsState(index),
      ),
    );
    index = withPortAndSubsetPolicies(index, dr => {
      dr.spec!.trafficPolicy!.portLevelSettings = [
        {
          port: { number: 9080 },
          connectionPool: { tcp: { maxConnections: 5 } },
          loadBalancer: { simple: 'RANDOM' },
        },
      ];
      dr.spec!.subsets![0].trafficPolicy = {
        outlierDetection: { consecutive5xxErrors: 1 },
      };
    });
    const before = traceReviews(index);
    expect(before.destinations[0].policy.outlierDetection).toEqual({
      consecutive5xxErrors: 1,
    });
    expect(before.destinations[1].policy.connectionPool).toEqual({
      tcp: { maxConnections: 5 },
    });

    const result = removeCircuitBreaking(reviewsState(index));
    const [dr] = validManifests(result) as DestinationRule[];
    expect(dr.spec).toEqual({
      host: 'reviews',
      trafficPolicy: {
        portLevelSettings: [
          { port: { number: 9080 }, loadBalancer: { simple: 'RANDOM' } },
        ],
      },
      subsets: ['v1', 'v2', 'v3'].map(v => ({
        name: v,
        labels: { version: v },
      })),
    });
    index = applyTo(index, result);
    const t = traceReviews(index);
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
    for (const d of t.destinations) {
      expect(d.policy.connectionPool).toBeNull();
      expect(d.policy.outlierDetection).toBeNull();
      expect(d.policy.loadBalancer).toEqual({ simple: 'RANDOM' });
    }
  });

  it('says so when there is nothing to remove', () => {
    expect(removeCircuitBreaking(reviewsState(bookinfo())).ok).toBe(false);
    const none = removeCircuitBreaking(reviewsState(bookinfo([], false)));
    expect(!none.ok && none.errors[0].message).toMatch(/no DestinationRule/);
  });
});

describe('removeLoadBalancing', () => {
  it('drops the load balancer host-wide, per port and per subset, keeping the rest', () => {
    let index = shifted();
    index = applyTo(
      index,
      setLoadBalancing(
        { kind: 'cookie', name: 'session', ttl: '1h' },
        reviewsState(index),
      ),
    );
    index = applyTo(
      index,
      setCircuitBreaking({ maxConnections: 10 }, reviewsState(index)),
    );
    index = withPortAndSubsetPolicies(index, dr => {
      dr.spec!.trafficPolicy!.portLevelSettings = [
        { port: { number: 9080 }, loadBalancer: { simple: 'RANDOM' } },
      ];
      dr.spec!.subsets![2].trafficPolicy = {
        loadBalancer: { simple: 'LEAST_REQUEST' },
      };
    });
    expect(
      traceReviews(index).destinations.map(d => d.policy.loadBalancer),
    ).toEqual([{ simple: 'RANDOM' }, { simple: 'LEAST_REQUEST' }]);

    const result = removeLoadBalancing(reviewsState(index));
    const [dr] = validManifests(result) as DestinationRule[];
    expect(dr.spec!.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 10 } },
    });
    expect(dr.spec!.subsets!.every(s => !s.trafficPolicy)).toBe(true);
    index = applyTo(index, result);
    const t = traceReviews(index);
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
    for (const d of t.destinations) {
      expect(d.policy.loadBalancer).toBeNull();
      expect(d.policy.connectionPool).toEqual({ tcp: { maxConnections: 10 } });
    }
  });

  it('says so when there is nothing to remove', () => {
    expect(removeLoadBalancing(reviewsState(bookinfo())).ok).toBe(false);
    expect(removeLoadBalancing(reviewsState(bookinfo([], false))).ok).toBe(
      false,
    );
  });
});

describe('removeMirroring', () => {
  it('stops copying requests while routing stays', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      shiftTraffic({ weights: { v1: 100 } }, reviewsState(index)),
    );
    index = applyTo(
      index,
      mirrorTraffic({ version: 'v3', percentage: 20 }, reviewsState(index)),
    );
    expect(traceReviews(index).mirror).toHaveLength(1);
    const result = removeMirroring(reviewsState(index));
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http).toEqual([
      {
        route: [{ destination: { host: REVIEWS, subset: 'v1' }, weight: 100 }],
      },
    ]);
    index = applyTo(index, result);
    const t = traceReviews(index);
    expect(t.mirror).toEqual([]);
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 100],
    ]);
  });

  it('says so when there is nothing to remove', () => {
    expect(
      removeMirroring(reviewsState(bookinfo([reviewsJasonV2V3()]))).ok,
    ).toBe(false);
    expect(removeMirroring(reviewsState(bookinfo())).ok).toBe(false);
  });
});
