// Helpers shared by the sandbox benchmarks: timing, HTTP requests with the cluster's token, memory.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { SandboxCluster } from '../../packages/mesh-sandbox/src/sandbox/types';

export function get(
  cluster: SandboxCluster,
  path: string,
): Promise<{ status: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, cluster.apiUrl),
      { headers: { Authorization: `Bearer ${cluster.token}` } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            bytes: body.length,
            body: body.toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function post(
  cluster: SandboxCluster,
  path: string,
  body: unknown,
): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, cluster.apiUrl),
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${cluster.token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Median and p95 of `runs` timed calls, in milliseconds. */
export async function timeIt(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ p50Ms: number; p95Ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(
      samples[
        Math.min(samples.length - 1, Math.floor(q * samples.length))
      ].toFixed(2),
    );
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}

export function memoryMb(): { rssMb: number; heapUsedMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: Math.round(m.rss / 2 ** 20),
    heapUsedMb: Math.round(m.heapUsed / 2 ** 20),
  };
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
