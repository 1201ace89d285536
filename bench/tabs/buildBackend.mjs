// Bundles packages/backend/src/index.ts and the workspace packages it imports (@meshport/*, TypeScript
// sources) into one CommonJS file, ahead of time; everything from node_modules stays external and is
// loaded as the published JavaScript, as in a production install. Output: bench/tabs/.out/backend.cjs
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const bundlePath = path.join(here, '.out', 'backend.cjs');

export async function buildBackend() {
  const t0 = Date.now();
  await build({
    entryPoints: [path.join(root, 'packages/backend/src/index.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'externalize-node-modules',
        setup(b) {
          // Bare specifiers are external unless they are this repo's workspace packages.
          b.onResolve({ filter: /^[^./]/ }, args => {
            if (args.path.startsWith('@meshport/')) return undefined;
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { bundlePath, buildMs: Date.now() - t0 };
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  buildBackend().then(r => console.log(JSON.stringify(r)));
}
