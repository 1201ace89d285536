import { fakeContext2d } from './fakeContext2d';
import { GraphRenderer, LABEL_ZOOM } from './GraphRenderer';
import { HEALTH_COLOURS, UNDECLARED_DASH } from './graphStyle';
import { testEdge, testNode } from './testGraph';

function setup() {
  const { ctx, calls } = fakeContext2d();
  const canvas = {
    width: 0,
    height: 0,
    style: { width: '', height: '' },
    getContext: () => ctx,
  };
  const renderer = new GraphRenderer(canvas);
  renderer.resize(400, 300, 2);
  renderer.setGraph(
    [
      testNode('a'),
      testNode('b', { status: 'failure' }),
      testNode('c', { status: 'degraded' }),
    ],
    [
      testEdge('a', 'b'),
      testEdge('b', 'a'),
      testEdge('a', 'c', { undeclared: true, status: 'degraded' }),
    ],
  );
  // a at the origin, b 200 to the right, c 200 below.
  renderer.setPositions(new Float32Array([0, 0, 200, 0, 0, 200]));
  return { renderer, calls, canvas };
}

/** Pans and zooms so that world (0,0) is at screen (100,100) and one world unit is `k` pixels. */
function place(renderer: GraphRenderer, k: number) {
  const t = renderer.transform;
  renderer.zoomAt(t.tx, t.ty, k / t.k);
  const u = renderer.transform;
  renderer.panBy(100 - u.tx, 100 - u.ty);
}

describe('GraphRenderer', () => {
  it('sizes the backing store by the device pixel ratio', () => {
    const { canvas } = setup();
    expect(canvas.width).toBe(800);
    expect(canvas.height).toBe(600);
    expect(canvas.style.width).toBe('400px');
  });

  it('finds nodes under the pointer through pan and zoom', () => {
    const { renderer } = setup();
    place(renderer, 1);
    expect(renderer.hitTest(100, 100)).toEqual({ kind: 'node', id: 'a' });
    expect(renderer.hitTest(308, 100)).toEqual({ kind: 'node', id: 'b' });
    expect(renderer.screenPosition('c')).toEqual({ x: 100, y: 300 });
    // Empty canvas well away from everything.
    expect(renderer.hitTest(250, 250)).toBeUndefined();

    place(renderer, 0.5);
    expect(renderer.screenPosition('b')).toEqual({ x: 200, y: 100 });
    expect(renderer.hitTest(200, 100)).toEqual({ kind: 'node', id: 'b' });
    // 12 px from b's centre is 24 world units: beyond its radius and slop.
    expect(renderer.hitTest(212, 100)).toBeUndefined();
  });

  it('finds edges near their line and tells the two directions of a pair apart', () => {
    const { renderer } = setup();
    place(renderer, 1);
    // a→c runs down from a: x = 100 on screen.
    expect(renderer.hitTest(102, 200)).toEqual({
      kind: 'edge',
      id: 'a->c:http',
    });
    expect(renderer.hitTest(120, 200)).toBeUndefined();
    // a→b and b→a are drawn 4 px either side of the line between them.
    expect(renderer.hitTest(200, 104)).toEqual({
      kind: 'edge',
      id: 'a->b:http',
    });
    expect(renderer.hitTest(200, 96)).toEqual({
      kind: 'edge',
      id: 'b->a:http',
    });
  });

  it('does not hit hidden nodes nor the edges of a hidden node', () => {
    const { renderer } = setup();
    place(renderer, 1);
    renderer.setView({ hiddenNodes: new Set(['c']) });
    expect(renderer.hitTest(100, 300)).toBeUndefined();
    expect(renderer.hitTest(102, 200)).toBeUndefined();
    renderer.setView({ hiddenEdges: new Set(['a->b:http']) });
    expect(renderer.hitTest(200, 104)).toBeUndefined();
  });

  it('zooms about the pointer: the point under it stays put', () => {
    const { renderer } = setup();
    place(renderer, 1);
    renderer.zoomAt(300, 100, 2);
    expect(renderer.screenPosition('b')).toEqual({ x: 300, y: 100 });
    expect(renderer.screenPosition('a')).toEqual({ x: -100, y: 100 });
  });

  it('fits every node inside the canvas', () => {
    const { renderer } = setup();
    place(renderer, 3);
    renderer.fit();
    for (const id of ['a', 'b', 'c']) {
      const p = renderer.screenPosition(id)!;
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(400);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(300);
    }
  });

  it('fits a small neighbourhood to fill the canvas, up to 2.5×', () => {
    const { renderer } = setup();
    renderer.resize(800, 600, 1);
    renderer.setPositions(new Float32Array([0, 0, 40, 0, 0, 40]));
    renderer.fit();
    expect(renderer.transform.k).toBe(2.5);
    expect(
      renderer.screenPosition('b')!.x - renderer.screenPosition('a')!.x,
    ).toBe(100);
  });

  it('draws one path per edge look and per node colour, dashed where the catalog is silent', () => {
    const { renderer, calls } = setup();
    place(renderer, 1);
    calls.length = 0;
    renderer.render();
    const strokes = calls.filter(c => c.name === 'stroke');
    const edgeStrokes = strokes.filter(c =>
      [HEALTH_COLOURS.healthy, HEALTH_COLOURS.degraded].includes(
        c.strokeStyle as string,
      ),
    );
    // Two looks: healthy solid (a→b and b→a in one path) and degraded dashed.
    expect(edgeStrokes).toHaveLength(2);
    const dashed = edgeStrokes.find(
      c => c.strokeStyle === HEALTH_COLOURS.degraded,
    )!;
    expect(dashed.lineDash).toEqual(UNDECLARED_DASH);
    const nodeFills = calls.filter(
      c =>
        c.name === 'fill' &&
        [HEALTH_COLOURS.failure].includes(c.fillStyle as string),
    );
    expect(nodeFills).toHaveLength(1);
  });

  it('names nodes only when zoomed in, unless found; dims what Find did not match', () => {
    const { renderer, calls } = setup();
    const texts = () =>
      calls.filter(c => c.name === 'fillText').map(c => c.args[0]);

    place(renderer, LABEL_ZOOM / 2);
    calls.length = 0;
    renderer.render();
    expect(texts()).not.toContain('a');

    renderer.setView({ foundNodes: new Set(['b']), foundEdges: new Set() });
    calls.length = 0;
    renderer.render();
    expect(texts()).toContain('b');
    expect(texts()).not.toContain('a');
    const fill = (colour: string) =>
      calls.find(c => c.name === 'fill' && c.fillStyle === colour)!;
    expect(fill(HEALTH_COLOURS.failure).globalAlpha).toBe(1);
    expect(fill(HEALTH_COLOURS.degraded).globalAlpha).toBeLessThan(0.5);

    place(renderer, 1);
    renderer.setView({ edgeLabels: true });
    calls.length = 0;
    renderer.render();
    expect(texts()).toEqual(expect.arrayContaining(['a', 'b', '1 rps']));
    // c sits on the canvas's bottom edge: its name would be drawn below it, so it is skipped.
    expect(texts()).not.toContain('c');
  });

  it("shows an edge's label only where no name or busier edge's label is", () => {
    const { ctx, calls } = fakeContext2d();
    const renderer = new GraphRenderer({
      width: 0,
      height: 0,
      getContext: () => ctx,
    });
    renderer.resize(400, 300, 1);
    renderer.setGraph(
      ['a', 'b', 'e', 'f', 'c', 'd'].map(id => testNode(id)),
      [
        // Four edges between two pairs of nodes 2 px apart: one spot for four labels.
        testEdge('a', 'b', { rps: 7 }),
        testEdge('b', 'a', { rps: 2 }),
        testEdge('e', 'f', { rps: 1 }),
        testEdge('f', 'e', { rps: 0.25 }),
        // c to d, far away from them.
        testEdge('c', 'd', { rps: 0.5 }),
      ],
    );
    renderer.setPositions(
      new Float32Array([0, 0, 200, 0, 0, 2, 200, 2, 0, 150, 200, 150]),
    );
    place(renderer, 1);
    renderer.setView({ edgeLabels: true });
    calls.length = 0;
    renderer.render();
    const drawn = calls
      .filter(c => c.name === 'fillText')
      .map(c => ({ text: String(c.args[0]), y: Number(c.args[2]) }));
    const rates = drawn.filter(d => / rps/.test(d.text));
    const shown = (prefix: string) =>
      rates.filter(d => d.text.startsWith(prefix)).length;
    // The middle, above and below: not room for four. The busiest is shown, the quietest is not.
    expect(shown('7 rps')).toBe(1);
    expect(shown('0.25 rps')).toBe(0);
    expect(shown('2 rps') + shown('1 rps')).toBeGreaterThanOrEqual(1);
    expect(shown('0.5 rps')).toBe(1);
    const near = rates
      .filter(d => d.y < 130)
      .map(d => d.y)
      .sort((x, y) => x - y);
    for (let i = 1; i < near.length; i++)
      expect(near[i] - near[i - 1]).toBeGreaterThanOrEqual(13);
    // Node names are always drawn.
    expect(drawn.map(d => d.text)).toEqual(
      expect.arrayContaining(['a', 'b', 'c', 'd']),
    );
  });

  it('draws a frame only after a change, once per animation frame', () => {
    const raf: FrameRequestCallback[] = [];
    const original = global.requestAnimationFrame;
    global.requestAnimationFrame = cb => raf.push(cb);
    try {
      const { renderer } = setup();
      raf.splice(0).forEach(cb => cb(0));
      const before = renderer.frames;
      renderer.panBy(5, 0);
      renderer.panBy(5, 0);
      renderer.setHover({ kind: 'node', id: 'a' });
      expect(raf).toHaveLength(1);
      raf.splice(0).forEach(cb => cb(0));
      expect(renderer.frames).toBe(before + 1);
      renderer.setHover({ kind: 'node', id: 'a' });
      expect(raf).toHaveLength(0);
    } finally {
      global.requestAnimationFrame = original;
    }
  });

  it('keeps positions of nodes that stay when the graph is replaced', () => {
    const { renderer } = setup();
    renderer.setGraph([testNode('b'), testNode('d')], []);
    expect(renderer.positionMap()).toEqual(new Map([['b', { x: 200, y: 0 }]]));
  });
});
