/**
 * @kubernetes/client-node 1.x is ESM-only; the backend is compiled to CommonJS. A dynamic
 * import loads it once, on first use, in both runtimes.
 */
export type KubernetesClientModule = typeof import('@kubernetes/client-node');

let loading: Promise<KubernetesClientModule> | undefined;

export function loadKubernetesClient(): Promise<KubernetesClientModule> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
