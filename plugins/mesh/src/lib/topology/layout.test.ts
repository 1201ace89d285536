import {
  groupCentres,
  LayoutEdge,
  LayoutNode,
  positionsById,
  runLayoutToEnd,
  seedLayout,
  startLayout,
} from './layout';

/** A ring of `n` services in a namespace, each also calling a shared backend. */
function ringGraph(n: number, namespace = 'shop', cluster = 'east') {
  const nodes: LayoutNode[] = [{ id: `${namespace}/db`, namespace, cluster }];
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `${namespace}/s${i}`, namespace, cluster });
    edges.push({
      source: `${namespace}/s${i}`,
      target: `${namespace}/s${(i + 1) % n}`,
    });
    edges.push({ source: `${namespace}/s${i}`, target: `${namespace}/db` });
  }
  return { nodes, edges };
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

describe('topology layout', () => {
  it('is deterministic and finite', () => {
    const g = ringGraph(12);
    const a = runLayoutToEnd(g);
    const b = runLayoutToEnd(g);
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    expect(a.positions.every(Number.isFinite)).toBe(true);
    // Not collapsed onto one point: neighbours end up roughly a spring length apart.
    const p = positionsById(a.ids, a.positions);
    const d = distance(p.get('shop/s0')!, p.get('shop/s1')!);
    expect(d).toBeGreaterThan(20);
    expect(d).toBeLessThan(200);
  });

  it('keeps known nodes where they were when the same graph comes back', () => {
    const g = ringGraph(12);
    const first = runLayoutToEnd(g);
    const previous = positionsById(first.ids, first.positions);
    const again = startLayout({ ...g, previous });
    // Nothing new: nothing to simulate, every node exactly where it was.
    expect(again.done).toBe(true);
    expect(positionsById(again.ids, again.positions)).toEqual(previous);
  });

  it('adds new nodes next to a known neighbour and barely moves the known ones', () => {
    const g = ringGraph(12);
    const first = runLayoutToEnd(g);
    const previous = positionsById(first.ids, first.positions);
    const grown = {
      nodes: [
        ...g.nodes,
        { id: 'shop/cache', namespace: 'shop', cluster: 'east' },
      ],
      edges: [...g.edges, { source: 'shop/s3', target: 'shop/cache' }],
    };
    const seed = seedLayout({ ...grown, previous });
    const cacheSeed = {
      x: seed.positions[2 * 13],
      y: seed.positions[2 * 13 + 1],
    };
    expect(distance(cacheSeed, previous.get('shop/s3')!)).toBeLessThan(60);

    const second = runLayoutToEnd({ ...grown, previous });
    const after = positionsById(second.ids, second.positions);
    for (const [id, p] of previous) {
      expect(distance(after.get(id)!, p)).toBeLessThan(15);
    }
    // The new node settles near its only neighbour, not somewhere in the group's middle.
    expect(
      distance(after.get('shop/cache')!, after.get('shop/s3')!),
    ).toBeLessThan(120);
  });

  it('puts namespaces of a cluster apart and seeds new groups around their centre', () => {
    const a = ringGraph(5, 'shop');
    const b = ringGraph(5, 'billing');
    const nodes = [...a.nodes, ...b.nodes];
    const centres = groupCentres(nodes);
    const shop = centres.get('east\u0000shop')!;
    const billing = centres.get('east\u0000billing')!;
    expect(distance(shop, billing)).toBeGreaterThan(150);

    const result = runLayoutToEnd({ nodes, edges: [...a.edges, ...b.edges] });
    const p = positionsById(result.ids, result.positions);
    const mean = (ns: string) => {
      const pts = nodes.filter(n => n.namespace === ns).map(n => p.get(n.id)!);
      return {
        x: pts.reduce((s, q) => s + q.x, 0) / pts.length,
        y: pts.reduce((s, q) => s + q.y, 0) / pts.length,
      };
    };
    // Each namespace stays a cluster of its own: its members are nearer its own middle.
    const shopMid = mean('shop');
    const billingMid = mean('billing');
    for (const n of nodes) {
      const q = p.get(n.id)!;
      const own = n.namespace === 'shop' ? shopMid : billingMid;
      const other = n.namespace === 'shop' ? billingMid : shopMid;
      expect(distance(q, own)).toBeLessThan(distance(q, other));
    }
  });

  it('runs in batches until it settles', () => {
    const run = startLayout(ringGraph(30));
    let batches = 0;
    while (!run.step(10)) batches++;
    expect(batches).toBeGreaterThan(3);
    expect(run.done).toBe(true);
    expect(run.step(10)).toBe(true);
  });
});
