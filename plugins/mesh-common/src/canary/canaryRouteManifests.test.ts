import { MeshIndex } from '../istio/index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../istio/model/__fixtures__/bookinfo';
import { istio, service } from '../istio/model/__fixtures__/objects';
import { GatewayApiHTTPRoute } from '../istio/model/gatewayApi';
import { VirtualService } from '../istio/model/networking';
import { traceRequest } from '../istio/routing/traceRequest';
import { KubeObject } from '../kube/types';
import {
  applyTo,
  bookinfo,
  jasonRules,
  reviewsState,
  traceReviews,
  validManifests,
} from '../traffic/wizards/wizardTestKit';
import { ServiceState } from '../traffic/wizards/types';
import {
  canaryRouteManifests,
  canaryRouteObject,
  currentCanaryWeight,
  routeObjectOf,
  versionBackendService,
} from './canaryRouteManifests';
import { routeSpecEdited } from './routeSpecEdited';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const V1_V2 = { stableVersion: 'v1', canaryVersion: 'v2' };

const split = (index: MeshIndex) =>
  traceReviews(index).destinations.map(d => [d.subset, d.weight]);

describe('canaryRouteManifests through a VirtualService', () => {
  it('creates the VirtualService for the first step, which traces as v1 90 / v2 10', () => {
    const index = bookinfo();
    const state = reviewsState(index);
    const result = canaryRouteManifests(state, V1_V2, 10);
    const [vs] = validManifests(result);
    expect(vs).toMatchObject({
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        hosts: [REVIEWS],
        http: [
          {
            route: [
              { destination: { host: REVIEWS, subset: 'v1' }, weight: 90 },
              { destination: { host: REVIEWS, subset: 'v2' }, weight: 10 },
            ],
          },
        ],
      },
    });
    const expected = {
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
    };
    expect(canaryRouteObject(state)).toEqual(expected);
    expect(routeObjectOf(result)).toEqual(expected);
    const after = applyTo(index, result);
    expect(split(after)).toEqual([
      ['v1', 90],
      ['v2', 10],
    ]);
    expect(currentCanaryWeight(reviewsState(after), 'v1', 'v2')).toBe(10);
  });

  it('creates the DestinationRule subsets that are missing', () => {
    const index = bookinfo([], false);
    const result = canaryRouteManifests(reviewsState(index), V1_V2, 30);
    const [dr, vs] = validManifests(result);
    expect(dr).toMatchObject({
      kind: 'DestinationRule',
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
    expect(t.destinations.some(d => d.subsetMissing)).toBe(false);
    expect(t.destinations.map(d => d.weight)).toEqual([70, 30]);
  });

  it("steps the live VirtualService's default rule and keeps its header rule", () => {
    const index = bookinfo([reviewsJasonV2V3()]);
    const target = { stableVersion: 'v3', canaryVersion: 'v1' };
    expect(currentCanaryWeight(reviewsState(index), 'v3', 'v1')).toBe(0);
    let after = applyTo(
      index,
      canaryRouteManifests(reviewsState(index), target, 20),
    );
    after = applyTo(
      after,
      canaryRouteManifests(reviewsState(after), target, 40),
    );
    expect(split(after)).toEqual([
      ['v3', 60],
      ['v1', 40],
    ]);
    expect(
      traceReviews(after, {
        headers: { 'end-user': 'jason' },
      }).destinations.map(d => d.subset),
    ).toEqual(['v2']);
    const vs = reviewsState(after).virtualService!;
    expect(vs.spec!.http![0]).toEqual(jasonRules()[0]);
    expect(currentCanaryWeight(reviewsState(after), 'v3', 'v1')).toBe(40);
  });

  it('sends everything to one version at 0 % (rollback) and 100 % (promotion)', () => {
    const index = bookinfo();
    const rollback = canaryRouteManifests(reviewsState(index), V1_V2, 0);
    const back = applyTo(bookinfo(), rollback);
    expect(split(back)).toEqual([['v1', 100]]);
    expect(currentCanaryWeight(reviewsState(back), 'v1', 'v2')).toBe(0);
    const promoted = applyTo(
      bookinfo(),
      canaryRouteManifests(reviewsState(index), V1_V2, 100),
    );
    expect(split(promoted)).toEqual([['v2', 100]]);
    expect(currentCanaryWeight(reviewsState(promoted), 'v1', 'v2')).toBe(100);
  });

  it("names the canary request's fields when it cannot route", () => {
    const state = reviewsState(bookinfo([], false));
    expect(
      canaryRouteManifests(
        state,
        { stableVersion: 'v1', canaryVersion: 'v9' },
        10,
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: 'canaryVersion',
          message: 'no pod of reviews has the label version=v9',
        },
      ],
    });
    expect(
      canaryRouteManifests(
        state,
        { stableVersion: 'v0', canaryVersion: 'v2' },
        10,
      ),
    ).toMatchObject({ ok: false, errors: [{ field: 'stableVersion' }] });
    expect(canaryRouteManifests(state, V1_V2, 101)).toEqual({
      ok: false,
      errors: [
        {
          field: 'canaryWeight',
          message: 'must be a whole number from 0 to 100',
        },
      ],
    });
    expect(canaryRouteManifests(state, V1_V2, 2.5)).toMatchObject({
      ok: false,
      errors: [{ field: 'canaryWeight' }],
    });
    expect(
      canaryRouteManifests(
        state,
        { stableVersion: 'v1', canaryVersion: 'v1' },
        10,
      ),
    ).toMatchObject({ ok: false, errors: [{ field: 'canaryVersion' }] });
  });

  it('refuses a default rule it would overwrite, as the wizard does', () => {
    const index = bookinfo([
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [{ redirect: { uri: '/v2' } }],
      }),
    ]);
    const result = canaryRouteManifests(reviewsState(index), V1_V2, 10);
    expect(!result.ok && result.errors[0].message).toMatch(/redirects/);
    expect(routeObjectOf(result)).toBeUndefined();
  });
});

describe('currentCanaryWeight of a VirtualService', () => {
  const stateWith = (http: unknown[]): ServiceState =>
    reviewsState(
      bookinfo([
        istio('VirtualService', 'bookinfo', 'reviews', {
          hosts: ['reviews'],
          http,
        }),
      ]),
    );
  const to = (subset: string, weight?: number, host = 'reviews') => ({
    destination: { host, subset },
    ...(weight === undefined ? {} : { weight }),
  });

  it('reads the split of the default rule, whatever form the host takes', () => {
    expect(
      currentCanaryWeight(stateWith([{ route: [to('v1')] }]), 'v1', 'v2'),
    ).toBe(0);
    expect(
      currentCanaryWeight(stateWith([{ route: [to('v2')] }]), 'v1', 'v2'),
    ).toBe(100);
    expect(
      currentCanaryWeight(
        stateWith([
          { route: [to('v1', 75, 'reviews.bookinfo'), to('v2', 25, REVIEWS)] },
        ]),
        'v1',
        'v2',
      ),
    ).toBe(25);
  });

  it('is undefined when the default rule is not a plain stable/canary split', () => {
    expect(
      currentCanaryWeight(
        stateWith([{ route: [to('v1', 50), to('v3', 50)] }]),
        'v1',
        'v2',
      ),
    ).toBeUndefined();
    expect(
      currentCanaryWeight(
        stateWith([{ route: [to('v1', 50), to('v2', 50, 'ratings')] }]),
        'v1',
        'v2',
      ),
    ).toBeUndefined();
    expect(
      currentCanaryWeight(
        stateWith([{ route: [{ destination: { host: 'reviews' } }] }]),
        'v1',
        'v2',
      ),
    ).toBeUndefined();
    expect(
      currentCanaryWeight(
        stateWith([{ match: [{ uri: { prefix: '/a' } }], route: [to('v1')] }]),
        'v1',
        'v2',
      ),
    ).toBeUndefined();
    expect(
      currentCanaryWeight(reviewsState(bookinfo()), 'v1', 'v2'),
    ).toBeUndefined();
  });
});

// GAMMA: the sample's per-version Services, split by an HTTPRoute attached to `reviews`.
const GW = 'gateway.networking.k8s.io/v1';
const versionServices = ['v1', 'v2', 'v3'].map(v =>
  service('bookinfo', `reviews-${v}`, { app: 'reviews', version: v }),
);
const httpRoute = (backendRefs: unknown[], extraRules: unknown[] = []) =>
  istio(
    'HTTPRoute',
    'bookinfo',
    'reviews-route',
    {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [...extraRules, { backendRefs }],
    },
    { apiVersion: GW },
  ) as GatewayApiHTTPRoute;
const gamma = (...extra: KubeObject[]) =>
  MeshIndex.build([...bookinfoKube(), ...versionServices, ...extra]);
const traceHosts = (index: MeshIndex) =>
  traceRequest(index, {
    host: 'reviews',
    source: { pod: 'productpage-v1-0', namespace: 'bookinfo' },
  }).destinations.map(d => [d.host, d.weight]);
const host = (name: string) => `${name}.bookinfo.svc.cluster.local`;

describe('canaryRouteManifests through a GAMMA HTTPRoute', () => {
  it("splits the route's default rule between the version Services", () => {
    const index = gamma(httpRoute([{ name: 'reviews-v1', port: 9080 }]));
    const state = reviewsState(index);
    expect(canaryRouteObject(state)).toEqual({
      kind: 'HTTPRoute',
      namespace: 'bookinfo',
      name: 'reviews-route',
    });
    expect(currentCanaryWeight(state, 'v1', 'v2')).toBe(0);
    const result = canaryRouteManifests(state, V1_V2, 20);
    const [route] = validManifests(result) as GatewayApiHTTPRoute[];
    expect(route.spec!.rules).toEqual([
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 80 },
          { name: 'reviews-v2', port: 9080, weight: 20 },
        ],
      },
    ]);
    expect(routeObjectOf(result)).toEqual(canaryRouteObject(state));
    const after = applyTo(index, result);
    expect(traceHosts(after)).toEqual([
      [host('reviews-v1'), 80],
      [host('reviews-v2'), 20],
    ]);
    expect(currentCanaryWeight(reviewsState(after), 'v1', 'v2')).toBe(20);
    // What was written reads back unchanged: no hand edit.
    expect(routeSpecEdited(route, reviewsState(after).httpRoute)).toBe(false);
  });

  it('reads relative backend weights as percentages', () => {
    const state = reviewsState(
      gamma(
        httpRoute([
          { name: 'reviews-v1', weight: 3 },
          { name: 'reviews-v2', weight: 1 },
        ]),
      ),
    );
    expect(currentCanaryWeight(state, 'v1', 'v2')).toBe(25);
    expect(currentCanaryWeight(state, 'v1', 'v3')).toBeUndefined();
  });

  it('refuses guessed backend names the route does not use, and takes given ones', () => {
    const state = reviewsState(
      gamma(httpRoute([{ name: 'reviews-stable', port: 9080 }])),
    );
    const guessed = canaryRouteManifests(state, V1_V2, 10);
    expect(guessed).toEqual({
      ok: false,
      errors: [
        {
          field: 'route',
          message:
            'the default rule of HTTPRoute bookinfo/reviews-route does not send requests to reviews-v1 or reviews-v2; a canary through an HTTPRoute needs a backend Service per version',
        },
      ],
    });
    const given = canaryRouteManifests(
      state,
      {
        ...V1_V2,
        backends: { stable: 'reviews-stable', canary: 'reviews-v2' },
      },
      10,
    );
    const [route] = validManifests(given) as GatewayApiHTTPRoute[];
    expect(route.spec!.rules![0].backendRefs).toEqual([
      { name: 'reviews-stable', port: 9080, weight: 90 },
      { name: 'reviews-v2', port: 9080, weight: 10 },
    ]);
    expect(
      currentCanaryWeight({ ...state, httpRoute: route }, 'v1', 'v2', {
        stable: 'reviews-stable',
        canary: 'reviews-v2',
      }),
    ).toBe(10);
  });

  it('uses the VirtualService when one routes the host too, as sidecars do', () => {
    const index = gamma(
      httpRoute([{ name: 'reviews-v1' }]),
      ...bookinfoDestinationRules(),
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      }),
    );
    const state = reviewsState(index);
    expect(canaryRouteObject(state).kind).toBe('VirtualService');
    const [vs] = validManifests(
      canaryRouteManifests(state, V1_V2, 50),
    ) as VirtualService[];
    expect(vs.kind).toBe('VirtualService');
  });
});

describe('versionBackendService', () => {
  it("finds the Service that selects the Service's pods of one version", () => {
    const index = gamma(
      service('bookinfo', 'a-reviews-v2', { app: 'reviews', version: 'v2' }),
      service('bookinfo', 'ratings-v2', { app: 'ratings', version: 'v2' }),
    );
    const reviews = { namespace: 'bookinfo', name: 'reviews' };
    // Both select reviews v2; the sample's name wins.
    expect(versionBackendService(index, reviews, 'v2')).toBe('reviews-v2');
    expect(versionBackendService(index, reviews, 'v9')).toBeUndefined();
    const other = gamma(
      service('bookinfo', 'reviews-next', { app: 'reviews', version: 'v4' }),
    );
    expect(versionBackendService(other, reviews, 'v4')).toBe('reviews-next');
  });
});
