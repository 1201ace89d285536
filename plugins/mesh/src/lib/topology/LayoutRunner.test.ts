import { LayoutRunner } from './LayoutRunner';

const graph = (ids: string[]) => ({
  nodes: ids.map(id => ({ id, namespace: 'ns' })),
  edges: ids.slice(1).map((id, i) => ({ source: ids[i], target: id })),
});

describe('LayoutRunner', () => {
  it('reports the seed layout at once, then the settled one, on the main thread without Worker', async () => {
    expect(typeof Worker).toBe('undefined');
    const frames: Array<{ ids: string[]; done: boolean; xs: number[] }> = [];
    const runner = new LayoutRunner((ids, positions, done) =>
      frames.push({ ids, done, xs: Array.from(positions) }),
    );
    runner.layout(graph(['a', 'b', 'c']));
    // The first frame is synchronous: the graph can be drawn before any tick.
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ ids: ['a', 'b', 'c'], done: false });
    expect(frames[0].xs.every(Number.isFinite)).toBe(true);
    await new Promise(r => setTimeout(r, 0));
    expect(frames).toHaveLength(2);
    expect(frames[1].done).toBe(true);
    expect(frames[1].xs).not.toEqual(frames[0].xs);
    runner.dispose();
  });

  it('ignores frames of a layout that a newer one replaced', async () => {
    const frames: string[][] = [];
    const runner = new LayoutRunner((ids, _p, done) => {
      if (done) frames.push(ids);
    });
    runner.layout(graph(['a', 'b']));
    runner.layout(graph(['a', 'b', 'c']));
    await new Promise(r => setTimeout(r, 0));
    expect(frames).toEqual([['a', 'b', 'c']]);
    runner.dispose();
  });
});
