// Bundles packages/backend/src/index.ts and the workspace packages it imports (@meshport/*, TypeScript
// sources) into one CommonJS file, ahead of time; everything from node_modules stays external and is
// loaded as the published JavaScript, as in a production install. Output: bench/tabs/.out/backend.cjs
// With `sourceRoot` (another checkout of this repo, e.g. a `git worktree` of an older commit) the
// workspace packages come from that checkout instead, for a side-by-side run of two versions; the
// bundle still loads node_modules from here.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const bundlePath = path.join(here, '.out', 'backend.cjs');

/** `@meshport/…` package names to their entry files in `sourceRoot`'s packages/ and plugins/. */
function workspaceEntries(sourceRoot) {
  const entries = new Map();
  for (const dir of ['packages', 'plugins']) {
    const base = path.join(sourceRoot, dir);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      const manifest = path.join(base, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (pkg.name && pkg.main)
        entries.set(pkg.name, path.join(base, name, pkg.main));
    }
  }
  return entries;
}

export async function buildBackend({
  sourceRoot = root,
  outfile = bundlePath,
} = {}) {
  const t0 = Date.now();
  // node_modules' symlinks to the workspace packages point into this checkout: elsewhere, map them.
  const entries =
    sourceRoot === root ? undefined : workspaceEntries(sourceRoot);
  await build({
    entryPoints: [path.join(sourceRoot, 'packages/backend/src/index.ts')],
    outfile,
    nodePaths: [path.join(root, 'node_modules')],
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
            if (args.path.startsWith('@meshport/')) {
              const entry = entries?.get(args.path);
              return entry ? { path: entry } : undefined;
            }
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { bundlePath: outfile, buildMs: Date.now() - t0 };
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  buildBackend().then(r => console.log(JSON.stringify(r)));
}
