import { MeshIndex } from '../index/MeshIndex';
import { bookinfoKube } from '../model/__fixtures__/bookinfo';
import { istio } from '../model/__fixtures__/objects';
import { accessMatrix } from './accessMatrix';

describe('accessMatrix', () => {
  const index = MeshIndex.build([
    ...bookinfoKube(),
    istio('AuthorizationPolicy', 'bookinfo', 'reviews', {
      selector: { matchLabels: { app: 'reviews' } },
      rules: [
        {
          from: [
            {
              source: {
                principals: [
                  'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
                ],
              },
            },
          ],
          to: [{ operation: { methods: ['GET'] } }],
        },
      ],
    }),
  ]);
  const workloads = [
    { namespace: 'bookinfo', pod: 'productpage-v1-0' },
    { namespace: 'bookinfo', pod: 'reviews-v1-0' },
    { namespace: 'legacy', pod: 'sleep-0' },
  ];

  it('decides every ordered pair for each probe', () => {
    const m = accessMatrix(index, {
      workloads,
      probes: [
        { method: 'GET', path: '/' },
        { method: 'POST', path: '/' },
      ],
    });
    expect(m.workloads).toEqual([
      'bookinfo/productpage-v1-0',
      'bookinfo/reviews-v1-0',
      'legacy/sleep-0',
    ]);
    expect(m.cells).toHaveLength(3 * 3 * 2);
    const cell = (s: string, d: string, method: string) =>
      m.cells.find(
        c => c.source === s && c.destination === d && c.method === method,
      );
    expect(
      cell('bookinfo/productpage-v1-0', 'bookinfo/reviews-v1-0', 'GET'),
    ).toMatchObject({
      allowed: true,
      policy: { name: 'reviews' },
      ruleIndex: 0,
      port: 9080,
    });
    expect(
      cell('bookinfo/productpage-v1-0', 'bookinfo/reviews-v1-0', 'POST')
        ?.allowed,
    ).toBe(false);
    expect(
      cell('legacy/sleep-0', 'bookinfo/reviews-v1-0', 'GET')?.allowed,
    ).toBe(false);
    expect(
      cell('legacy/sleep-0', 'bookinfo/productpage-v1-0', 'POST')?.allowed,
    ).toBe(true);
    // reviews: productpage partial (GET only), the other two denied; the other 6 pairs fully allowed.
    expect(m.summary).toEqual({ allowed: 6, partial: 1, denied: 2 });
  });

  it('probes each declared port by default', () => {
    const m = accessMatrix(index, { workloads: workloads.slice(0, 2) });
    expect(new Set(m.cells.map(c => c.port))).toEqual(new Set([9080]));
    expect(m.cells).toHaveLength(4);
  });
});
