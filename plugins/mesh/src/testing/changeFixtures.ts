import {
  ChangePreview,
  ChangeRecord,
  LiveResource,
} from '@meshport/plugin-mesh-common';

/** Change-set test data for Bookinfo's `reviews` VirtualService: all traffic moved from v1 to v3. */

export const reviewsYaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
`;

export const reviewsV3Yaml = reviewsYaml.replace('subset: v1', 'subset: v3');

export function reviewsLive(): LiveResource {
  return {
    cluster: 'east',
    manifest: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      },
    },
    yaml: reviewsYaml,
    resourceVersion: '12',
  };
}

const diff = [
  '--- bookinfo/VirtualService/reviews (live)',
  '+++ bookinfo/VirtualService/reviews (after)',
  '@@ -10,4 +10,4 @@',
  '     - route:',
  '         - destination:',
  '             host: reviews',
  '-            subset: v1',
  '+            subset: v3',
  '',
].join('\n');

export function reviewsPreview(
  overrides: Partial<ChangePreview> = {},
): ChangePreview {
  return {
    id: 'chg-2',
    entityRef: 'component:default/reviews',
    cluster: 'east',
    description: 'all reviews traffic to v3',
    resources: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        action: 'apply',
        operation: 'update',
        diff,
        liveResourceVersion: '12',
        before: reviewsYaml,
        after: reviewsV3Yaml,
      },
    ],
    findings: {
      introduced: [
        {
          code: 'IST0101',
          level: 'Error',
          message:
            'Referenced host+subset in destinationrule not found: "reviews+v3"',
          resource: {
            kind: 'VirtualService',
            namespace: 'bookinfo',
            name: 'reviews',
          },
          path: 'spec.http[0].route[0].destination.subset',
        },
      ],
      fixed: [
        {
          code: 'IST0108',
          level: 'Warning',
          message: 'Unknown annotation: networking.istio.io/frobnicate',
          resource: {
            kind: 'VirtualService',
            namespace: 'bookinfo',
            name: 'reviews',
          },
          path: 'metadata.annotations',
        },
      ],
    },
    dryRun: { ok: true, messages: [] },
    gitops: false,
    createdBy: 'user:default/guest',
    createdAt: '2026-03-02T10:00:00Z',
    ...overrides,
  };
}

export function reviewsHistory(): ChangeRecord[] {
  return [
    {
      ...reviewsPreview(),
      status: 'applied',
      appliedBy: 'user:default/guest',
      appliedAt: '2026-03-02T10:01:00Z',
    },
    {
      ...reviewsPreview({ id: 'chg-1', description: 'first try' }),
      status: 'conflict',
      result:
        'VirtualService bookinfo/reviews changed since the preview (resourceVersion 11 → 12)',
    },
  ];
}
