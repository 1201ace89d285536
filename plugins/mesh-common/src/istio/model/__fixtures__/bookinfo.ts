import { KubeObject } from '../../../kube/types';
import { istio, ns, pod, service } from './objects';

/**
 * Bookinfo as Istio's samples deploy it (namespace `bookinfo`, injection on), with an ingress
 * gateway in istio-system, a sidecar-less legacy client, and the sample's destination rules.
 */
export function bookinfoKube(): KubeObject[] {
  const b = 'bookinfo';
  const wl = (app: string, version: string) =>
    pod(
      b,
      `${app}-${version}-0`,
      { app, version },
      { serviceAccount: `bookinfo-${app}`, ports: [9080] },
    );
  return [
    ns('istio-system'),
    ns(b, { 'istio-injection': 'enabled' }),
    ns('legacy'),
    service(b, 'productpage', { app: 'productpage' }),
    service(b, 'details', { app: 'details' }),
    service(b, 'reviews', { app: 'reviews' }),
    service(b, 'ratings', { app: 'ratings' }),
    wl('productpage', 'v1'),
    wl('details', 'v1'),
    wl('reviews', 'v1'),
    wl('reviews', 'v2'),
    wl('reviews', 'v3'),
    wl('ratings', 'v1'),
    pod(
      'istio-system',
      'istio-ingressgateway-0',
      { istio: 'ingressgateway', app: 'istio-ingressgateway' },
      {
        serviceAccount: 'istio-ingressgateway-service-account',
      },
    ),
    service(
      'istio-system',
      'istio-ingressgateway',
      { istio: 'ingressgateway' },
      [80, 443],
    ),
    pod(
      'legacy',
      'sleep-0',
      { app: 'sleep' },
      { sidecar: false, serviceAccount: 'sleep' },
    ),
  ];
}

/** The sample's destination-rule-all.yaml: v1/v2/v3 subsets by version label. */
export function bookinfoDestinationRules(): KubeObject[] {
  const b = 'bookinfo';
  const subsets = (...versions: string[]) =>
    versions.map(v => ({ name: v, labels: { version: v } }));
  return [
    istio('DestinationRule', b, 'productpage', {
      host: 'productpage',
      subsets: subsets('v1'),
    }),
    istio('DestinationRule', b, 'reviews', {
      host: 'reviews',
      subsets: subsets('v1', 'v2', 'v3'),
    }),
    istio('DestinationRule', b, 'ratings', {
      host: 'ratings',
      subsets: [
        ...subsets('v1', 'v2'),
        { name: 'v2-mysql', labels: { version: 'v2-mysql' } },
      ],
    }),
    istio('DestinationRule', b, 'details', {
      host: 'details',
      subsets: subsets('v1', 'v2'),
    }),
  ];
}

/** bookinfo-gateway.yaml plus its VirtualService, in the bookinfo namespace. */
export function bookinfoGateway(): KubeObject[] {
  return [
    istio('Gateway', 'bookinfo', 'bookinfo-gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 8080, name: 'http', protocol: 'HTTP' },
          hosts: ['*'],
        },
      ],
    }),
    istio('VirtualService', 'bookinfo', 'bookinfo', {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [
            { uri: { exact: '/productpage' } },
            { uri: { prefix: '/static' } },
            { uri: { exact: '/login' } },
            { uri: { exact: '/logout' } },
            { uri: { prefix: '/api/v1/products' } },
          ],
          route: [
            { destination: { host: 'productpage', port: { number: 9080 } } },
          ],
        },
      ],
    }),
  ];
}

/** virtual-service-reviews-jason-v2-v3.yaml */
export function reviewsJasonV2V3(): KubeObject {
  return istio('VirtualService', 'bookinfo', 'reviews', {
    hosts: ['reviews'],
    http: [
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      },
      { route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
    ],
  });
}
