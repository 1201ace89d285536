import { bookinfo, reviewsState } from '../traffic/wizards/wizardTestKit';
import { canaryRouteManifests } from './canaryRouteManifests';
import { routeSpecEdited } from './routeSpecEdited';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const vsSpec = (v1: number, v2: number) => ({
  hosts: [REVIEWS],
  http: [
    {
      route: [
        { destination: { host: REVIEWS, subset: 'v1' }, weight: v1 },
        { destination: { host: REVIEWS, subset: 'v2' }, weight: v2 },
      ],
    },
  ],
});

describe('routeSpecEdited: VirtualService', () => {
  it('is false for the same spec with keys in another order', () => {
    const reordered = {
      http: [
        {
          route: [
            { weight: 90, destination: { subset: 'v1', host: REVIEWS } },
            { weight: 10, destination: { subset: 'v2', host: REVIEWS } },
          ],
        },
      ],
      hosts: [REVIEWS],
    };
    expect(routeSpecEdited(vsSpec(90, 10), reordered)).toBe(false);
  });

  it('is true when someone changed a weight, a subset or the rule order', () => {
    expect(routeSpecEdited(vsSpec(90, 10), vsSpec(50, 50))).toBe(true);
    const other = vsSpec(90, 10);
    other.http[0].route[1].destination.subset = 'v3';
    expect(routeSpecEdited(vsSpec(90, 10), other)).toBe(true);
    const flipped = vsSpec(90, 10);
    flipped.http[0].route.reverse();
    expect(routeSpecEdited(vsSpec(90, 10), flipped)).toBe(true);
    const withFault = vsSpec(90, 10) as ReturnType<typeof vsSpec> & {
      http: Array<{ fault?: unknown }>;
    };
    withFault.http[0].fault = {
      abort: { httpStatus: 500, percentage: { value: 5 } },
    };
    expect(routeSpecEdited(vsSpec(90, 10), withFault)).toBe(true);
  });

  it('compares only the spec of whole objects, and treats missing, undefined, null and empty alike', () => {
    const index = bookinfo();
    const result = canaryRouteManifests(
      reviewsState(index),
      { stableVersion: 'v1', canaryVersion: 'v2' },
      10,
    );
    if (!result.ok) throw new Error('expected manifests');
    const written = result.resources.find(
      r => r.manifest.kind === 'VirtualService',
    )!.manifest;
    const live = {
      ...written,
      apiVersion: 'networking.istio.io/v1beta1',
      metadata: { ...written.metadata, resourceVersion: '42', uid: 'x' },
      spec: {
        ...vsSpec(90, 10),
        gateways: undefined,
        exportTo: [],
        tcp: null,
      },
      status: { observedGeneration: 3 },
    };
    expect(routeSpecEdited(written, live)).toBe(false);
    expect(routeSpecEdited(written, { ...live, spec: vsSpec(80, 20) })).toBe(
      true,
    );
    // A catch-all match list is the same as none.
    const catchAll = vsSpec(90, 10) as { http: Array<Record<string, unknown>> };
    catchAll.http[0].match = [{}];
    expect(routeSpecEdited(vsSpec(90, 10), catchAll)).toBe(false);
    expect(routeSpecEdited(written, { ...live, spec: undefined })).toBe(true);
  });
});

describe('routeSpecEdited: HTTPRoute', () => {
  const written = {
    parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
    rules: [
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 80 },
          { name: 'reviews-v2', port: 9080, weight: 20 },
        ],
      },
    ],
  };

  it('ignores what the API server defaults', () => {
    const defaulted = {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            {
              group: '',
              kind: 'Service',
              name: 'reviews-v1',
              port: 9080,
              weight: 80,
            },
            {
              group: '',
              kind: 'Service',
              name: 'reviews-v2',
              port: 9080,
              weight: 20,
            },
          ],
        },
      ],
    };
    expect(routeSpecEdited(written, defaulted)).toBe(false);
    const gatewayParent = (ref: Record<string, unknown>) => ({
      ...written,
      parentRefs: [ref],
    });
    expect(
      routeSpecEdited(
        gatewayParent({ name: 'gw' }),
        gatewayParent({
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'gw',
        }),
      ),
    ).toBe(false);
    const headerMatch = (m: Record<string, unknown>) => ({
      rules: [{ matches: [{ headers: [{ name: 'x', value: '1', ...m }] }] }],
    });
    expect(
      routeSpecEdited(headerMatch({}), headerMatch({ type: 'Exact' })),
    ).toBe(false);
    expect(
      routeSpecEdited(
        headerMatch({}),
        headerMatch({ type: 'RegularExpression' }),
      ),
    ).toBe(true);
    const weightOne = (w?: number) => ({
      rules: [
        {
          backendRefs: [
            { name: 'a', ...(w === undefined ? {} : { weight: w }) },
          ],
        },
      ],
    });
    expect(routeSpecEdited(weightOne(), weightOne(1))).toBe(false);
    expect(routeSpecEdited(weightOne(), weightOne(2))).toBe(true);
  });

  it('is true when a weight, a backend or a match changed', () => {
    const edited = JSON.parse(JSON.stringify(written));
    edited.rules[0].backendRefs[1].weight = 0;
    expect(routeSpecEdited(written, edited)).toBe(true);
    const renamed = JSON.parse(JSON.stringify(written));
    renamed.rules[0].backendRefs[1].name = 'reviews-v3';
    expect(routeSpecEdited(written, renamed)).toBe(true);
    const matched = JSON.parse(JSON.stringify(written));
    matched.rules[0].matches = [
      { path: { type: 'PathPrefix', value: '/api' } },
    ];
    expect(routeSpecEdited(written, matched)).toBe(true);
    // Only the default type: PathPrefix /api written without its type is the same match.
    const untyped = JSON.parse(JSON.stringify(written));
    untyped.rules[0].matches = [{ path: { value: '/api' } }];
    expect(routeSpecEdited(matched, untyped)).toBe(false);
  });
});
