// Benchmark: `meshport analyze` as a user runs it, in a fresh process each time, over the same
// generated mesh as bench:analyze (10,000 Istio resources, ~20,000 Kubernetes objects) written as
// YAML files, one directory per namespace. Prints one JSON object.
//   node --import tsx bench/analyze/cli.ts [--namespaces N] [--runs N]
// The wall time includes Node and tsx start-up, reading and parsing the YAML, the analysis, and
// locating each finding's line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { generateMesh } from './generateMesh';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const namespaces = arg('namespaces', 100);
const runs = arg('runs', 5);
const bin = path.resolve(__dirname, '../../packages/cli/bin/meshport');
const { kube, istio } = generateMesh({
  namespaces,
  servicesPerNamespace: 40,
  podsPerService: 3,
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-cli-bench-'));
try {
  const byNamespace = new Map<string, string[]>();
  for (const o of [...kube, ...istio]) {
    const ns = o.metadata.namespace ?? o.metadata.name;
    const docs = byNamespace.get(ns);
    if (docs) docs.push(stringify(o));
    else byNamespace.set(ns, [stringify(o)]);
  }
  let bytes = 0;
  for (const [ns, docs] of byNamespace) {
    fs.mkdirSync(path.join(dir, ns));
    const text = docs.join('---\n');
    bytes += text.length;
    fs.writeFileSync(path.join(dir, ns, 'manifests.yaml'), text);
  }

  const samples: Array<{
    wallMs: number;
    exitCode: number | null;
    findings: number;
  }> = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const out = spawnSync(bin, ['analyze', dir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const wallMs = Math.round(performance.now() - t0);
    if (out.status !== 0 && out.status !== 1)
      throw new Error(`meshport analyze failed (${out.status}): ${out.stderr}`);
    samples.push({
      wallMs,
      exitCode: out.status,
      findings: (JSON.parse(out.stdout) as { findings: unknown[] }).findings
        .length,
    });
  }
  const walls = samples.map(s => s.wallMs).sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify(
      {
        istioResources: istio.length,
        kubernetesObjects: kube.length,
        files: byNamespace.size,
        yamlMiB: Number((bytes / 1048576).toFixed(1)),
        runs,
        samples,
        medianWallMs: walls[Math.floor(walls.length / 2)],
        bestWallMs: walls[0],
        loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
        cpus: os.cpus().length,
        node: process.version,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
