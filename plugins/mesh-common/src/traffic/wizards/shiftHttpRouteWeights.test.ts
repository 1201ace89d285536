import { MeshIndex } from '../../istio/index/MeshIndex';
import { bookinfoKube } from '../../istio/model/__fixtures__/bookinfo';
import { istio, service } from '../../istio/model/__fixtures__/objects';
import { GatewayApiHTTPRoute } from '../../istio/model/gatewayApi';
import { traceRequest } from '../../istio/routing/traceRequest';
import { RouteRequest } from '../../istio/routing/types';
import { KubeObject } from '../../kube/types';
import { readServiceState } from './readServiceState';
import { shiftHttpRouteWeights } from './shiftHttpRouteWeights';
import { applyTo, validManifests } from './wizardTestKit';

const GW = 'gateway.networking.k8s.io/v1';
const host = (name: string) => `${name}.bookinfo.svc.cluster.local`;

// The sample's per-version Services, which GAMMA routes split between.
const versions = ['v1', 'v2', 'v3'].map(v =>
  service('bookinfo', `reviews-${v}`, { app: 'reviews', version: v }),
);

const httpRoute = (rules: unknown[]) =>
  istio(
    'HTTPRoute',
    'bookinfo',
    'reviews',
    {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules,
    },
    { apiVersion: GW },
  ) as GatewayApiHTTPRoute;

// route-reviews-90-10.yaml, plus a header rule for jason.
const jasonRule = {
  matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
  backendRefs: [{ name: 'reviews-v2', port: 9080 }],
};
const split = () =>
  httpRoute([
    jasonRule,
    {
      backendRefs: [
        { name: 'reviews-v1', port: 9080, weight: 90 },
        { name: 'reviews-v2', port: 9080, weight: 10 },
      ],
    },
  ]);

const build = (...extra: KubeObject[]) =>
  MeshIndex.build([...bookinfoKube(), ...versions, ...extra]);

const stateOf = (index: MeshIndex) =>
  readServiceState(index, { namespace: 'bookinfo', name: 'reviews' })!;

const trace = (index: MeshIndex, req: Partial<RouteRequest> = {}) =>
  traceRequest(index, {
    host: 'reviews',
    source: { pod: 'productpage-v1-0', namespace: 'bookinfo' },
    ...req,
  });

describe('shiftHttpRouteWeights', () => {
  it('sets the backendRef weights of the default rule, which traces as v1 50 / v3 50', () => {
    const route = split();
    const index = build(route);
    expect(trace(index).destinations.map(d => [d.host, d.weight])).toEqual([
      [host('reviews-v1'), 90],
      [host('reviews-v2'), 10],
    ]);
    const result = shiftHttpRouteWeights(
      { route, weights: { 'reviews-v1': 50, 'reviews-v3': 50 } },
      stateOf(index),
    );
    const [edited] = validManifests(result);
    expect(edited).toMatchObject({
      apiVersion: GW,
      kind: 'HTTPRoute',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
    });
    expect((edited as GatewayApiHTTPRoute).spec!.rules).toEqual([
      jasonRule,
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 50 },
          { name: 'reviews-v3', port: 9080, weight: 50 },
        ],
      },
    ]);
    const after = applyTo(index, result);
    const t = trace(after);
    expect(t.httpRoute).toEqual({ namespace: 'bookinfo', name: 'reviews' });
    expect(t.destinations.map(d => [d.host, d.weight])).toEqual([
      [host('reviews-v1'), 50],
      [host('reviews-v3'), 50],
    ]);
    // The header rule is kept.
    expect(
      trace(after, { headers: { 'end-user': 'jason' } }).destinations.map(
        d => d.host,
      ),
    ).toEqual([host('reviews-v2')]);
  });

  it('appends a default rule when every rule matches something', () => {
    const route = httpRoute([jasonRule]);
    const index = build(route);
    const result = shiftHttpRouteWeights(
      { route, weights: { 'reviews-v1': 100, 'reviews-v2': 0 } },
      stateOf(index),
    );
    const after = applyTo(index, result);
    expect(
      trace(after, { path: '/x' }).destinations.map(d => [d.host, d.weight]),
    ).toEqual([[host('reviews-v1'), 100]]);
    expect(
      trace(after, { headers: { 'end-user': 'jason' } }).destinations.map(
        d => d.host,
      ),
    ).toEqual([host('reviews-v2')]);
  });

  it('names the field when the weights do not add up to 100', () => {
    const route = split();
    expect(
      shiftHttpRouteWeights(
        { route, weights: { 'reviews-v1': 50, 'reviews-v3': 40 } },
        stateOf(build(route)),
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: 'weights.reviews-v3',
          message: 'the weights add up to 90; they must add up to 100',
        },
      ],
    });
  });

  it('refuses when a VirtualService routes the service, or the route is not attached to it', () => {
    const route = split();
    const withVs = build(
      route,
      istio('VirtualService', 'bookinfo', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews' } }] }],
      }),
    );
    const vs = shiftHttpRouteWeights(
      { route, weights: { 'reviews-v1': 100 } },
      stateOf(withVs),
    );
    expect(!vs.ok && vs.errors.map(e => e.field)).toEqual(['route']);
    const other = httpRoute([]);
    other.spec!.parentRefs = [{ kind: 'Service', group: '', name: 'ratings' }];
    const detached = shiftHttpRouteWeights(
      { route: other, weights: { 'reviews-v1': 100 } },
      stateOf(build(route)),
    );
    expect(!detached.ok && detached.errors[0].message).toMatch(
      /not attached to Service bookinfo\/reviews/,
    );
  });
});

describe('readServiceState and HTTPRoutes', () => {
  it('finds the HTTPRoute attached to the Service, so shifting can start from it', () => {
    const route = split();
    const state = stateOf(build(route));
    expect(state.httpRoute?.metadata.name).toBe('reviews');
    expect(state.virtualService).toBeUndefined();
  });

  it('ignores an HTTPRoute attached to another Service', () => {
    const other = istio(
      'HTTPRoute',
      'bookinfo',
      'ratings',
      {
        parentRefs: [{ group: '', kind: 'Service', name: 'ratings' }],
        rules: [],
      },
      { apiVersion: GW },
    );
    expect(stateOf(build(other)).httpRoute).toBeUndefined();
  });
});
