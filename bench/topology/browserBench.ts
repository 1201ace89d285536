/*
 * The topology graph in headless Chromium: first frame and frames per second while panning at 200,
 * 1,000 and 2,000 nodes (3 edges per node), ours (canvas renderer, d3-force layout in a Web Worker)
 * side by side with cytoscape.js + fcose (the engine of Kiali's Backstage plugin) on the same graph,
 * same page size, same run, each engine in a fresh page, order alternated. Panning also reports the
 * main thread's task time per drawn frame (DevTools' `TaskDuration`): at the display's 60 fps both
 * engines can sit at the ceiling, and then that is what tells them apart. Prints one JSON document.
 *   npm run bench:topology-browser -- [--sizes 200,1000,2000] [--pan-ms 3000] [--repeat 2]
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, loadavg } from '../lib/backendHarness';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : argv[i + 1];
};
const SIZES = arg('--sizes', '200,1000,2000').split(',').map(Number);
const PAN_MS = Number(arg('--pan-ms', '3000'));
const REPEAT = Number(arg('--repeat', '2'));
const log = (line: string) =>
  process.stderr.write(`[topology-browser] ${line}\n`);

async function bundle(out: string) {
  const here = __dirname;
  const common = {
    bundle: true,
    platform: 'browser' as const,
    format: 'iife' as const,
    target: 'chrome120',
    minify: true,
    logLevel: 'warning' as const,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  await build({
    ...common,
    entryPoints: [
      path.join(here, '../../plugins/mesh/src/lib/topology/layoutWorker.ts'),
    ],
    outfile: path.join(out, 'worker.js'),
  });
  await build({
    ...common,
    entryPoints: [path.join(here, 'page/entry.ts')],
    outfile: path.join(out, 'page.js'),
    plugins: [
      {
        // The app's bundler (Rspack) turns `new Worker(new URL(…, import.meta.url))` into a chunk;
        // esbuild does not, so the page points the same factory at the worker bundled above.
        name: 'layout-worker-url',
        setup(b) {
          b.onResolve({ filter: /\/createLayoutWorker$/ }, () => ({
            path: 'createLayoutWorker',
            namespace: 'bench',
          }));
          b.onLoad({ filter: /.*/, namespace: 'bench' }, () => ({
            contents:
              "export function createLayoutWorker() { return new Worker('/worker.js', { name: 'meshport-topology-layout' }); }",
            loader: 'js',
          }));
        },
      },
    ],
  });
  fs.writeFileSync(
    path.join(out, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body><script src="/page.js"></script></body></html>',
  );
}

/** Within this of the display's 60 fps an engine is at the ceiling, and fps no longer ranks. */
const CEILING_FPS = 59;

/**
 * Ahead on panning: more frames per second, or, with both at the display's ceiling, less main-thread
 * work per frame.
 */
function aheadOnPanning(
  ours: { panFps: number | null; panMainThreadMsPerFrame: number | null },
  cy: { panFps: number | null; panMainThreadMsPerFrame: number | null },
): boolean {
  if (ours.panFps === null || cy.panFps === null) return false;
  if (ours.panFps >= CEILING_FPS && cy.panFps >= CEILING_FPS)
    return (
      ours.panMainThreadMsPerFrame !== null &&
      cy.panMainThreadMsPerFrame !== null &&
      ours.panMainThreadMsPerFrame < cy.panMainThreadMsPerFrame
    );
  return ours.panFps > cy.panFps;
}

async function main() {
  const startLoad = loadavg();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-topo-browser-'));
  await bundle(out);
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const file = path.join(
      out,
      (req.url ?? '/') === '/' ? 'index.html' : path.basename(req.url!),
    );
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': file.endsWith('.html')
          ? 'text/html'
          : 'text/javascript',
      })
      .end(fs.readFileSync(file));
  });
  await new Promise<void>(r => server.listen(port, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  type Figures = Record<string, number | null>;
  const results: Array<{
    nodes: number;
    edges: number;
    ours: Figures[];
    cytoscapeFcose: Figures[];
  }> = [];
  try {
    for (const size of SIZES) {
      const row = {
        nodes: size,
        edges: size * 3,
        ours: [] as Figures[],
        cytoscapeFcose: [] as Figures[],
      };
      for (let r = 0; r < REPEAT; r += 1) {
        const order =
          r % 2 === 0
            ? (['ours', 'cytoscapeFcose'] as const)
            : (['cytoscapeFcose', 'ours'] as const);
        for (const engine of order) {
          log(`${size} nodes: ${engine} (run ${r + 1})`);
          const page = await browser.newPage({
            viewport: { width: 1280, height: 900 },
          });
          // The page reads its main thread's task time around each pan through this.
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          await page.exposeFunction('meshportTaskMs', async () => {
            const { metrics } = await cdp.send('Performance.getMetrics');
            const task = metrics.find(m => m.name === 'TaskDuration');
            return task ? task.value * 1000 : null;
          });
          await page.goto(`http://127.0.0.1:${port}/`);
          const figures = (await page.evaluate(
            ([e, n, ms]) =>
              (
                window as unknown as Record<
                  string,
                  Record<string, (a: number, b: number) => Promise<unknown>>
                >
              ).meshportBench[e as string](n as number, ms as number),
            [engine, size, PAN_MS] as const,
          )) as Figures;
          row[engine].push(figures);
          await cdp.detach();
          await page.close();
        }
      }
      results.push(row);
    }
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  const median = (xs: Array<number | null>) => {
    const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
  };
  const summary = results.map(r => {
    const pick = (runs: Figures[], k: string) => median(runs.map(x => x[k]));
    const ours = {
      firstFrameMs: pick(r.ours, 'firstFrameMs'),
      layoutSettledMs: pick(r.ours, 'layoutSettledMs'),
      panFps: pick(r.ours, 'panFps'),
      panFpsDuringLayout: pick(r.ours, 'panFpsDuringLayout'),
      panMainThreadMsPerFrame: pick(r.ours, 'panMainThreadMsPerFrame'),
    };
    const cy = {
      firstFrameMs: pick(r.cytoscapeFcose, 'firstFrameMs'),
      panFps: pick(r.cytoscapeFcose, 'panFps'),
      panMainThreadMsPerFrame: pick(
        r.cytoscapeFcose,
        'panMainThreadMsPerFrame',
      ),
    };
    return {
      nodes: r.nodes,
      edges: r.edges,
      ours,
      cytoscapeFcose: cy,
      aheadOnFirstFrame:
        ours.firstFrameMs !== null &&
        cy.firstFrameMs !== null &&
        ours.firstFrameMs < cy.firstFrameMs,
      aheadOnPanFps: aheadOnPanning(ours, cy),
    };
  });
  const at1000 = summary.find(s => s.nodes === 1000);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'topology-browser',
        chromium: browser.version(),
        node: process.version,
        cpus: os.cpus().length,
        loadavg: { start: startLoad, end: loadavg() },
        page: '1200×800 canvas box, headless, --disable-gpu (software rendering)',
        panMs: PAN_MS,
        repeat: REPEAT,
        medians: summary,
        targets: at1000
          ? {
              firstFrameUnder1500MsAt1000:
                at1000.ours.firstFrameMs !== null &&
                at1000.ours.firstFrameMs < 1500,
              pan30FpsAt1000:
                at1000.ours.panFps !== null && at1000.ours.panFps >= 30,
              aheadOfCytoscapeOnBoth:
                at1000.aheadOnFirstFrame && at1000.aheadOnPanFps,
            }
          : undefined,
        runs: results,
      },
      null,
      2,
    )}\n`,
  );
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  },
);
