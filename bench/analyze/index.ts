// Benchmark: build the MeshIndex and run validation plus every analyzer over a generated mesh of
// 10,000 Istio resources and ~20,000 Kubernetes objects. Prints one JSON object.
//   node --import tsx bench/analyze/index.ts [--namespaces N] [--runs N]
// The first run is cold (the JIT has not seen the code yet); later runs show steady state.
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { MeshIndex } from '../../plugins/mesh-common/src/istio/index/MeshIndex';
import { analyze } from '../../plugins/mesh-common/src/istio/analyzers/analyze';
import { generateMesh } from './generateMesh';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

// 100 namespaces × 40 services: 40×(VS+DR) + 10 APs + PA + RA + 6 SEs + Sidecar + Gateway = 100 Istio
// resources and 1 + 40×(Service + Deployment + 3 pods) = 201 Kubernetes objects per namespace.
const namespaces = arg('namespaces', 100);
const runs = arg('runs', 5);
const { kube, istio } = generateMesh({
  namespaces,
  servicesPerNamespace: 40,
  podsPerService: 3,
});
const objects = [...kube, ...istio];

const samples: Array<{
  indexBuildMs: number;
  analyzeMs: number;
  totalMs: number;
  findings: number;
}> = [];
let byCode: Record<string, number> = {};
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const index = MeshIndex.build(objects);
  const t1 = performance.now();
  const findings = analyze(index);
  const t2 = performance.now();
  samples.push({
    indexBuildMs: Math.round(t1 - t0),
    analyzeMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    findings: findings.length,
  });
  byCode = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
}
const totals = samples.map(s => s.totalMs).sort((a, b) => a - b);
const median = totals[Math.floor(totals.length / 2)];

process.stdout.write(
  `${JSON.stringify(
    {
      istioResources: istio.length,
      kubernetesObjects: kube.length,
      runs,
      cold: samples[0],
      medianTotalMs: median,
      bestTotalMs: totals[0],
      targetMs: 1000,
      medianWithinTarget: median < 1000,
      findingsByCode: byCode,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
      loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
      cpus: os.cpus().length,
      node: process.version,
    },
    null,
    2,
  )}\n`,
);
