/*
 * The benchmark page: one function per engine, each drawing the same graph in an 1200×800 box and
 * reporting its first frame and the frames per second while panning. Bundled by browserBench.ts.
 */
import cytoscape from 'cytoscape';
// @ts-expect-error cytoscape-fcose ships no types
import fcose from 'cytoscape-fcose';
import { GraphRenderer } from '../../../plugins/mesh/src/lib/topology/GraphRenderer';
import { LayoutRunner } from '../../../plugins/mesh/src/lib/topology/LayoutRunner';
import { syntheticGraph } from './syntheticGraph';

cytoscape.use(fcose);

const WIDTH = 1200;
const HEIGHT = 800;
const nextFrame = () => new Promise<number>(r => requestAnimationFrame(r));

function freshBox(): HTMLDivElement {
  document.body.innerHTML = '';
  const box = document.createElement('div');
  box.style.width = `${WIDTH}px`;
  box.style.height = `${HEIGHT}px`;
  document.body.appendChild(box);
  return box;
}

/** The page's main-thread task time so far, in ms (DevTools' `TaskDuration`, read by the bench). */
async function taskMs(): Promise<number | null> {
  const read = (window as unknown as Record<string, unknown>).meshportTaskMs as
    (() => Promise<number>) | undefined;
  return read ? read() : null;
}

/**
 * rAF-driven panning for `ms`. A frame counts when the engine drew during it (`drawn()`, the engine's
 * own counter, increased), so both engines are counted alike whatever their own events say. Also
 * the main thread's task time per drawn frame: at the display's 60 fps both engines may sit at the
 * ceiling, and then the work each frame costs is what tells them apart.
 */
async function pan(ms: number, step: () => void, drawn: () => number) {
  const busyBefore = await taskMs();
  const t0 = performance.now();
  let longest = 0;
  let last = t0;
  let frames = 0;
  let seen = drawn();
  while (performance.now() - t0 < ms) {
    step();
    const now = await nextFrame();
    const count = drawn();
    if (count !== seen) frames += 1;
    seen = count;
    longest = Math.max(longest, now - last);
    last = now;
  }
  const seconds = (performance.now() - t0) / 1000;
  const busyAfter = await taskMs();
  return {
    fps: Number((frames / seconds).toFixed(1)),
    longestFrameMs: Number(longest.toFixed(1)),
    mainThreadMsPerFrame:
      busyBefore === null || busyAfter === null || frames === 0
        ? null
        : Number(((busyAfter - busyBefore) / frames).toFixed(2)),
  };
}

async function ours(nodeCount: number, panMs: number) {
  const { nodes, edges } = syntheticGraph(nodeCount);
  const box = freshBox();
  const t0 = performance.now();
  const canvas = document.createElement('canvas');
  box.appendChild(canvas);
  const renderer = new GraphRenderer(canvas);
  renderer.resize(WIDTH, HEIGHT, window.devicePixelRatio || 1);
  let settledAt: number | undefined;
  let layoutFrames = 0;
  const runner = new LayoutRunner((_ids, positions, done) => {
    layoutFrames += 1;
    renderer.setPositions(positions);
    if (done) settledAt = performance.now();
  });
  renderer.setGraph(nodes, edges);
  runner.layout({ nodes, edges });
  // The first frame is the one the browser paints after our first draw.
  while (renderer.frames === 0) await nextFrame();
  await nextFrame();
  const firstFrameMs = performance.now() - t0;
  // Pan while the worker is still laying out: the main thread must stay free.
  const duringLayout = await pan(
    Math.min(panMs, 2000),
    () => renderer.panBy(3, 1),
    () => renderer.frames,
  );
  const deadline = performance.now() + 30_000;
  while (settledAt === undefined && performance.now() < deadline)
    await nextFrame();
  const settled = await pan(
    panMs,
    () => renderer.panBy(3, 1),
    () => renderer.frames,
  );
  runner.dispose();
  renderer.dispose();
  return {
    firstFrameMs: Number(firstFrameMs.toFixed(1)),
    layoutSettledMs:
      settledAt === undefined ? null : Number((settledAt - t0).toFixed(1)),
    layoutBatches: layoutFrames,
    panFpsDuringLayout: duringLayout.fps,
    panFps: settled.fps,
    longestPanFrameMs: settled.longestFrameMs,
    panMainThreadMsPerFrame: settled.mainThreadMsPerFrame,
  };
}

async function cytoscapeFcose(nodeCount: number, panMs: number) {
  const { nodes, edges } = syntheticGraph(nodeCount);
  const box = freshBox();
  const t0 = performance.now();
  let renders = 0;
  const colour: Record<string, string> = {
    healthy: '#2e7d32',
    degraded: '#f9a825',
    failure: '#c62828',
    idle: '#9e9e9e',
    unknown: '#9e9e9e',
  };
  const cy = cytoscape({
    container: box,
    elements: [
      ...nodes.map(n => ({
        data: {
          id: n.id,
          label: n.name,
          parent: undefined,
          colour: colour[n.health.status],
        },
      })),
      ...edges.map(e => ({
        data: { id: e.id, source: e.source, target: e.target },
      })),
    ],
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          label: 'data(label)',
          width: 20,
          height: 20,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 1,
          'curve-style': 'bezier',
          'target-arrow-shape': 'triangle',
        },
      },
    ],
    layout: {
      name: 'fcose',
      animate: false,
      quality: 'default',
      randomize: true,
    } as cytoscape.LayoutOptions,
  });
  cy.on('render', () => {
    renders += 1;
  });
  while (renders === 0) await nextFrame();
  await nextFrame();
  const firstFrameMs = performance.now() - t0;
  const settled = await pan(
    panMs,
    () => cy.panBy({ x: 3, y: 1 }),
    () => renders,
  );
  cy.destroy();
  return {
    firstFrameMs: Number(firstFrameMs.toFixed(1)),
    layoutSettledMs: Number(firstFrameMs.toFixed(1)),
    panFps: settled.fps,
    longestPanFrameMs: settled.longestFrameMs,
    panMainThreadMsPerFrame: settled.mainThreadMsPerFrame,
  };
}

(window as unknown as Record<string, unknown>).meshportBench = {
  ours,
  cytoscapeFcose,
};
