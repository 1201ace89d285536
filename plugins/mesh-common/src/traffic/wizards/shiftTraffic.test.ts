import { istio } from '../../istio/model/__fixtures__/objects';
import { reviewsJasonV2V3 } from '../../istio/model/__fixtures__/bookinfo';
import { VirtualService } from '../../istio/model/networking';
import { removeTrafficShift, shiftTraffic } from './shiftTraffic';
import {
  applyTo,
  bookinfo,
  reviewsState,
  traceReviews,
  jasonRules,
  validManifests,
} from './wizardTestKit';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

describe('shiftTraffic', () => {
  it('creates a VirtualService that traces as v1 50 / v3 50', () => {
    const index = bookinfo();
    const result = shiftTraffic(
      { weights: { v1: 50, v3: 50 } },
      reviewsState(index),
    );
    const [vs] = validManifests(result);
    expect(vs).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        hosts: [REVIEWS],
        http: [
          {
            route: [
              { destination: { host: REVIEWS, subset: 'v1' }, weight: 50 },
              { destination: { host: REVIEWS, subset: 'v3' }, weight: 50 },
            ],
          },
        ],
      },
    });
    const t = traceReviews(applyTo(index, result));
    expect(t.outcome).toBe('route');
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
    expect(t.destinations.some(d => d.subsetMissing)).toBe(false);
  });

  it('creates the DestinationRule and its subsets when none exist', () => {
    const index = bookinfo([], false);
    const result = shiftTraffic(
      { weights: { v1: 80, v2: 20 } },
      reviewsState(index),
    );
    const [dr, vs] = validManifests(result);
    expect(dr).toMatchObject({
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        host: REVIEWS,
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    });
    expect(vs.kind).toBe('VirtualService');
    const t = traceReviews(applyTo(index, result));
    expect(
      t.destinations.map(d => [d.subset, d.weight, !!d.subsetMissing]),
    ).toEqual([
      ['v1', 80, false],
      ['v2', 20, false],
    ]);
    expect(t.destinations[0].destinationRule).toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
  });

  it('adds only the missing subsets to an existing DestinationRule', () => {
    const index = bookinfo(
      [
        istio('DestinationRule', 'bookinfo', 'reviews', {
          host: 'reviews',
          trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
          subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        }),
      ],
      false,
    );
    const result = shiftTraffic(
      { weights: { v1: 90, v3: 10 } },
      reviewsState(index),
    );
    const [dr] = validManifests(result);
    expect(dr.spec).toEqual({
      host: 'reviews',
      trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v3', labels: { version: 'v3' } },
      ],
    });
  });

  it('edits the default rule in place and keeps the other rules', () => {
    const index = bookinfo([reviewsJasonV2V3()]);
    const result = shiftTraffic(
      { weights: { v1: 50, v3: 50 } },
      reviewsState(index),
    );
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http).toHaveLength(2);
    expect(vs.spec!.http![0]).toEqual(jasonRules()[0]);
    const after = applyTo(index, result);
    expect(
      traceReviews(after, {
        headers: { 'end-user': 'jason' },
      }).destinations.map(d => d.subset),
    ).toEqual(['v2']);
    expect(
      traceReviews(after).destinations.map(d => [d.subset, d.weight]),
    ).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
  });

  it('names the field when the weights do not add up to 100', () => {
    const result = shiftTraffic(
      { weights: { v1: 50, v3: 40 } },
      reviewsState(bookinfo()),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'weights.v3',
          message: 'the weights add up to 90; they must add up to 100',
        },
      ],
    });
  });

  it('rejects negative weights and versions no pod carries', () => {
    const result = shiftTraffic(
      { weights: { v1: -10, v9: 110 } },
      reviewsState(bookinfo()),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map(e => e.field)).toEqual([
      'weights.v1',
      'weights.v9',
    ]);
    const unknown = shiftTraffic(
      { weights: { v1: 50, v9: 50 } },
      reviewsState(bookinfo()),
    );
    expect(!unknown.ok && unknown.errors).toEqual([
      {
        field: 'weights.v9',
        message: 'no pod of reviews has the label version=v9',
      },
    ]);
  });

  it('refuses to overwrite a default rule that redirects or delegates', () => {
    for (const rule of [
      { redirect: { uri: '/v2' } },
      { delegate: { name: 'reviews-routes', namespace: 'bookinfo' } },
    ]) {
      const index = bookinfo([
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http: [rule],
        }),
      ]);
      const result = shiftTraffic(
        { weights: { v1: 100 } },
        reviewsState(index),
      );
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors[0].message).toMatch(
        /reviews.*spec\.http\[0\].*(redirects|delegates)/,
      );
    }
  });

  it('appends a default rule when the VirtualService has none', () => {
    const index = bookinfo([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [
          {
            match: [{ uri: { prefix: '/beta' } }],
            route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          },
        ],
      }),
    ]);
    const result = shiftTraffic({ weights: { v1: 100 } }, reviewsState(index));
    const after = applyTo(index, result);
    expect(
      traceReviews(after, { path: '/beta/1' }).destinations[0].subset,
    ).toBe('v2');
    expect(
      traceReviews(after, { path: '/x' }).destinations.map(d => [
        d.subset,
        d.weight,
      ]),
    ).toEqual([['v1', 100]]);
  });
});

describe('removeTrafficShift', () => {
  it('sends the default rule back to every version and keeps other rules', () => {
    const index = bookinfo([reviewsJasonV2V3()]);
    const result = removeTrafficShift(reviewsState(index));
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http![0]).toEqual(jasonRules()[0]);
    const t = traceReviews(applyTo(index, result));
    expect(t.destinations.map(d => [d.host, d.subset, d.weight])).toEqual([
      [REVIEWS, null, 100],
    ]);
  });

  it('says so when there is nothing to remove', () => {
    expect(removeTrafficShift(reviewsState(bookinfo())).ok).toBe(false);
  });
});
