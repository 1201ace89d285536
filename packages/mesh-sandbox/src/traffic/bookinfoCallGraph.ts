import { CallGraph } from './types';

/**
 * Bookinfo's real call graph (istio/istio samples/bookinfo): productpage calls details and
 * reviews for every page; reviews v2 and v3 call ratings (v1 shows no stars). Latencies and
 * sizes are in the range the sample shows on a laptop cluster.
 */
export function bookinfoCallGraph(
  namespace = 'bookinfo',
  ratePerSecond = 10,
): CallGraph {
  const at = (service: string) => ({ namespace, service });
  return {
    entries: [
      {
        host: 'bookinfo.example.com',
        path: '/productpage',
        ratePerSecond,
        // Bookinfo's login sets `end-user`; the jason route of the sample's VirtualServices keys on it.
        userMix: [{ fraction: 0.1, headers: { 'end-user': 'jason' } }],
      },
    ],
    edges: [
      {
        from: at('productpage'),
        to: at('details'),
        protocol: 'http',
        path: '/details/0',
      },
      {
        from: at('productpage'),
        to: at('reviews'),
        protocol: 'http',
        path: '/reviews/0',
      },
      {
        from: { ...at('reviews'), versions: ['v2', 'v3'] },
        to: at('ratings'),
        protocol: 'http',
        path: '/ratings/0',
      },
    ],
    behaviour: {
      [`${namespace}/productpage`]: {
        latencyMs: { median: 12, p99: 60 },
        requestBytes: 600,
        responseBytes: 5200,
      },
      [`${namespace}/details`]: {
        latencyMs: { median: 2, p99: 12 },
        requestBytes: 300,
        responseBytes: 180,
      },
      [`${namespace}/reviews`]: {
        latencyMs: { median: 8, p99: 45 },
        requestBytes: 400,
        responseBytes: 370,
      },
      [`${namespace}/reviews/v1`]: {
        latencyMs: { median: 5, p99: 30 },
        responseBytes: 300,
      },
      [`${namespace}/ratings`]: {
        latencyMs: { median: 1.5, p99: 8 },
        requestBytes: 300,
        responseBytes: 48,
      },
    },
  };
}

/**
 * One call upstream Bookinfo does not make: productpage reads ratings directly on one page in 20.
 * The CLI's demo clusters (what `npm start` runs) play it so that the portal has undeclared
 * traffic to show (the catalog says productpage depends on details and reviews only) and a caller
 * that an "allow only reviews" policy on ratings turns into 403s. `startSandbox` alone does not add it.
 */
export function bookinfoUndeclaredCalls(namespace = 'bookinfo'): CallGraph {
  return {
    entries: [],
    edges: [
      {
        from: { namespace, service: 'productpage' },
        to: { namespace, service: 'ratings' },
        protocol: 'http',
        path: '/ratings/0',
        callsPerRequest: 0.05,
      },
    ],
    behaviour: {},
  };
}
