import { createLayoutHost } from './layoutHost';
import { LayoutFrame } from './layoutProtocol';

const request = (run: number) => ({
  type: 'layout' as const,
  run,
  nodes: [
    { id: 'a', namespace: 'ns' },
    { id: 'b', namespace: 'ns' },
    { id: 'c', namespace: 'ns' },
  ],
  edges: [
    { source: 'a', target: 'b' },
    { source: 'b', target: 'c' },
  ],
  previousIds: [],
  previous: new Float32Array(0),
});

describe('createLayoutHost', () => {
  it('posts frames batch by batch and stops at the last one', () => {
    const frames: LayoutFrame[] = [];
    const queue: Array<() => void> = [];
    let clock = 0;
    const host = createLayoutHost(f => frames.push(f), {
      schedule: next => {
        queue.push(next);
        return () => queue.splice(queue.indexOf(next), 1);
      },
      budgetMs: 1,
      // Each check of the clock advances it, so every batch is a few ticks.
      now: () => (clock += 1),
    });
    host.handle(request(1));
    while (queue.length) queue.shift()!();
    expect(frames.length).toBeGreaterThan(2);
    expect(frames.slice(0, -1).every(f => !f.done)).toBe(true);
    expect(frames[frames.length - 1].done).toBe(true);
    expect(frames.every(f => f.run === 1 && f.positions.length === 6)).toBe(
      true,
    );
  });

  it('drops the old run when a new request arrives', () => {
    const frames: LayoutFrame[] = [];
    const queue: Array<() => void> = [];
    let clock = 0;
    const host = createLayoutHost(f => frames.push(f), {
      schedule: next => {
        queue.push(next);
        return () => queue.splice(queue.indexOf(next), 1);
      },
      budgetMs: 1,
      now: () => (clock += 1),
    });
    host.handle(request(1));
    host.handle(request(2));
    while (queue.length) queue.shift()!();
    expect(frames.filter(f => f.run === 1)).toHaveLength(1);
    expect(frames[frames.length - 1]).toMatchObject({ run: 2, done: true });
  });

  it('without a scheduler runs to the end and posts once', () => {
    const frames: LayoutFrame[] = [];
    createLayoutHost(f => frames.push(f)).handle(request(7));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ run: 7, done: true });
  });
});
