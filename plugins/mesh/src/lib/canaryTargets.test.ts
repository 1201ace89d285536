import { EntityTraffic } from '@meshport/plugin-mesh-common';
import {
  reviewsCluster,
  reviewsDestinationRule,
  reviewsVersionsTraffic,
  reviewsVirtualService,
  subset,
} from '../testing/canaryTargetFixtures';
import {
  canaryTargetErrors,
  canaryTargetServices,
  initialTarget,
  preselectedVersions,
  sameTarget,
} from './canaryTargets';

function traffic(...clusters: EntityTraffic['clusters']): EntityTraffic {
  return {
    entityRef: 'component:default/reviews',
    generatedAt: '2025-01-01T00:00:00Z',
    clusters,
  };
}

describe('canaryTargetServices', () => {
  it("lists the Service's versions from its subsets, with the default route's weights", () => {
    const [reviews] = canaryTargetServices(
      traffic(
        reviewsCluster('east', [
          reviewsVirtualService('east', { v1: 80, v3: 20 }),
          reviewsDestinationRule('east', [
            subset('v10', 1),
            subset('v3', 1, 2),
            subset('v1', 2),
          ]),
        ]),
      ),
    );
    expect(reviews).toEqual({
      cluster: 'east',
      namespace: 'bookinfo',
      name: 'reviews',
      host: 'reviews.bookinfo.svc.cluster.local',
      versions: [
        { version: 'v1', pods: 2, readyPods: 2, weight: 80 },
        { version: 'v3', pods: 2, readyPods: 1, weight: 20 },
        { version: 'v10', pods: 1, readyPods: 1, weight: 0 },
      ],
      routedVersion: 'v1',
    });
  });

  it('maps subset names to their version labels, and reads FQDN hosts', () => {
    const [reviews] = canaryTargetServices(
      traffic(
        reviewsCluster('east', [
          reviewsVirtualService('east', { stable: 100 }),
          reviewsDestinationRule(
            'east',
            [subset('stable', 1, 1, 'v1'), subset('next', 1, 1, 'v2')],
            'reviews.bookinfo.svc.cluster.local',
          ),
        ]),
      ),
    );
    expect(reviews.versions.map(v => v.version)).toEqual(['v1', 'v2']);
    expect(reviews.routedVersion).toBe('v1');
  });

  it('has no routed version when the default route goes to the bare host', () => {
    const [reviews] = canaryTargetServices(
      traffic(
        reviewsCluster('east', [
          reviewsVirtualService('east', 'bare host'),
          reviewsDestinationRule('east', [subset('v1'), subset('v2')]),
        ]),
      ),
    );
    expect(reviews.routedVersion).toBeUndefined();
    expect(reviews.versions.every(v => v.weight === undefined)).toBe(true);
  });

  it('ignores DestinationRules of other hosts and subsets without a version label', () => {
    const other = {
      ...reviewsDestinationRule('east', [subset('v9')], 'ratings'),
      name: 'ratings',
    };
    const unlabelled = reviewsDestinationRule('east', [
      {
        name: 'canary',
        labels: { track: 'canary' },
        pods: 1,
        readyPods: 1,
        policies: [],
      },
    ]);
    const [reviews] = canaryTargetServices(
      traffic(reviewsCluster('east', [other, unlabelled])),
    );
    expect(reviews.versions).toEqual([]);
    expect(reviews.routedVersion).toBeUndefined();
  });

  it('lists the Service once per cluster', () => {
    const services = canaryTargetServices(
      reviewsVersionsTraffic(['east', 'west']),
    );
    expect(services.map(s => `${s.cluster} ${s.name}`)).toEqual([
      'east reviews',
      'west reviews',
    ]);
  });
});

describe('preselectedVersions', () => {
  it('takes the routed version as stable and the last other ready one as canary', () => {
    const [reviews] = canaryTargetServices(
      traffic(
        reviewsCluster('east', [
          reviewsVirtualService('east', { v2: 100 }),
          reviewsDestinationRule('east', [
            subset('v1'),
            subset('v2'),
            subset('v3'),
            subset('v4', 0, 1),
          ]),
        ]),
      ),
    );
    expect(preselectedVersions(reviews)).toEqual({
      stableVersion: 'v2',
      canaryVersion: 'v3',
    });
  });

  it('falls back to the first ready version when the routed one has no ready pod', () => {
    const [reviews] = canaryTargetServices(
      traffic(
        reviewsCluster('east', [
          reviewsVirtualService('east', { v1: 100 }),
          reviewsDestinationRule('east', [subset('v1', 0), subset('v2')]),
        ]),
      ),
    );
    expect(preselectedVersions(reviews)).toEqual({
      stableVersion: 'v2',
      canaryVersion: undefined,
    });
  });
});

describe('initialTarget', () => {
  const services = canaryTargetServices(reviewsVersionsTraffic());

  it('preselects the first Service without a value', () => {
    expect(initialTarget(services, undefined)).toEqual({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v3',
    });
  });

  it('keeps a value that is still valid', () => {
    const value = {
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v2',
      canaryVersion: 'v1',
    };
    expect(initialTarget(services, value)).toEqual(value);
  });

  it('replaces versions the Service no longer has, and a Service of another entity', () => {
    expect(
      initialTarget(services, {
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v3',
        canaryVersion: 'v7',
      }),
    ).toEqual({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v3',
      canaryVersion: 'v2',
    });
    expect(
      initialTarget(services, { namespace: 'shop', service: 'cart' }),
    ).toEqual({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v3',
    });
  });

  it('names the cluster only when the Services span several', () => {
    const twoClusters = canaryTargetServices(
      reviewsVersionsTraffic(['east', 'west']),
    );
    expect(initialTarget(twoClusters, undefined)).toMatchObject({
      cluster: 'east',
    });
    expect(
      initialTarget(services, {
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
        canaryVersion: 'v2',
        cluster: 'east',
      }),
    ).not.toHaveProperty('cluster');
  });

  it('is undefined without Services', () => {
    expect(initialTarget([], undefined)).toBeUndefined();
  });
});

describe('sameTarget', () => {
  it('treats empty and absent fields alike', () => {
    expect(
      sameTarget(
        { namespace: 'a', service: 'b', cluster: '' },
        { namespace: 'a', service: 'b' },
      ),
    ).toBe(true);
    expect(
      sameTarget(
        { namespace: 'a', service: 'b', stableVersion: 'v1' },
        { namespace: 'a', service: 'b' },
      ),
    ).toBe(false);
  });
});

describe('canaryTargetErrors', () => {
  it('accepts a Service with two different versions', () => {
    expect(
      canaryTargetErrors({
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
        canaryVersion: 'v3',
      }),
    ).toEqual([]);
  });

  it('asks for what is missing', () => {
    expect(canaryTargetErrors(undefined)).toEqual([
      'Choose a Service',
      'Choose the stable version',
      'Choose the canary version',
    ]);
    expect(
      canaryTargetErrors({
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
      }),
    ).toEqual(['Choose the canary version']);
  });

  it('refuses the same version twice and versions that are not label values', () => {
    expect(
      canaryTargetErrors({
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
        canaryVersion: 'v1',
      }),
    ).toEqual(['The canary version must differ from the stable version']);
    expect(
      canaryTargetErrors({
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v 1',
        canaryVersion: 'v2',
      }),
    ).toEqual([
      'The stable version must be a label value (letters, digits, -, _ and .; at most 63)',
    ]);
  });
});
