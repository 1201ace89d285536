/**
 * The one place that constructs the layout worker. `new Worker(new URL(…, import.meta.url))` is
 * the form Rspack (the Backstage CLI's bundler) and webpack 5 recognise and bundle as a separate
 * worker chunk. It lives alone so that code running under Jest, whose CommonJS transform cannot
 * parse `import.meta`, never loads it: `LayoutRunner` imports it lazily, only where `Worker` exists.
 */
export function createLayoutWorker(): Worker {
  return new Worker(new URL('./layoutWorker.ts', import.meta.url), {
    name: 'meshport-topology-layout',
  });
}
