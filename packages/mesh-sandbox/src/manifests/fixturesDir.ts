import path from 'node:path';

/**
 * Where the shared fixtures live: an explicit option, else MESHPORT_FIXTURES_DIR, else
 * `<repo>/../shared/fixtures` (this package is `<repo>/packages/mesh-sandbox`).
 */
export function resolveFixturesDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = process.env.MESHPORT_FIXTURES_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  // Resolving our own package.json finds the package directory from source and through node_modules alike.
  const packageDir = path.dirname(
    require.resolve('@meshport/mesh-sandbox/package.json'),
  );
  return path.resolve(packageDir, '..', '..', '..', 'shared', 'fixtures');
}

export function crdFixtureFiles(fixturesDir: string): string[] {
  return [
    path.join(fixturesDir, 'istio-crds', 'istio-crds.yaml'),
    path.join(fixturesDir, 'istio-crds', 'gateway-api-crds.yaml'),
  ];
}

/** The Bookinfo manifests of the demo scenario. */
export function bookinfoFiles(fixturesDir: string): string[] {
  const bookinfo = path.join(fixturesDir, 'istio-samples', 'bookinfo');
  return [
    path.join(bookinfo, 'platform', 'kube', 'bookinfo.yaml'),
    path.join(bookinfo, 'networking', 'bookinfo-gateway.yaml'),
    path.join(bookinfo, 'networking', 'destination-rule-all.yaml'),
    path.join(bookinfo, 'networking', 'virtual-service-all-v1.yaml'),
  ];
}
