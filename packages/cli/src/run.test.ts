import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from './testCli';

const BOOKINFO = path.resolve(
  __dirname,
  '../../../../shared/fixtures/istio-samples/bookinfo',
);
const BIN = path.resolve(__dirname, '../bin/meshport');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

const BAD_WEIGHTS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
      weight: 70
    - destination: {host: reviews}
      weight: 20
`;

describe('meshport analyze', () => {
  it('reports findings as JSON with file and line, resources without namespace in default, exit 1 on errors', async () => {
    write('vs.yaml', BAD_WEIGHTS);
    const r = await cli('analyze', dir, '--format', 'json');
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout);
    const weights = findings.find(
      (f: { path: string }) => f.path === 'spec.http[0].route',
    );
    expect(weights).toMatchObject({
      code: 'IST0106',
      level: 'Error',
      resource: {
        kind: 'VirtualService',
        namespace: 'default',
        name: 'reviews',
      },
      line: 9,
    });
    expect(Object.keys(weights.resource)).toEqual([
      'kind',
      'namespace',
      'name',
    ]);
  });

  it('turns bad YAML into a finding with file and line, and keeps analysing other files', async () => {
    const bad = write(
      'a/bad.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: [b\n',
    );
    write(
      'b/ok.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {istio-injection: enabled}\n',
    );
    const r = await cli('analyze', dir, '--format=json');
    const { findings } = JSON.parse(r.stdout);
    expect(findings[0]).toMatchObject({
      code: 'MSH0002',
      file: bad,
      line: 5,
      resource: { kind: 'File', name: bad },
    });
    expect(r.code).toBe(1);
    const text = await cli('analyze', dir);
    expect(text.stdout).toContain(`${bad}:5`);
  });

  it('exits 0 on clean input and prints a summary', async () => {
    write(
      'ns.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {istio-injection: enabled}\n',
    );
    const r = await cli('analyze', path.join(dir, 'ns.yaml'));
    expect(r).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('No validation issues'),
    });
  });

  it('reads the root namespace from --mesh-config', async () => {
    write(
      'pa.yaml',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: mesh-root}\nspec: {mtls: {mode: STRICT}}\n',
    );
    write(
      'dr.yaml',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec: {host: r, trafficPolicy: {tls: {mode: DISABLE}}}\n',
    );
    write(
      'svc.yaml',
      'apiVersion: v1\nkind: Service\nmetadata: {name: r}\nspec: {selector: {app: r}, ports: [{name: http, port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: r1, labels: {app: r}}\nspec: {containers: [{name: app}]}\n',
    );
    const mesh = write('mesh/mesh.yaml', 'rootNamespace: mesh-root\n');
    const files = ['pa.yaml', 'dr.yaml', 'svc.yaml'].map(f =>
      path.join(dir, f),
    );
    const without = JSON.parse(
      (await cli('analyze', ...files, '--format', 'json')).stdout,
    ).findings;
    const withMesh = JSON.parse(
      (
        await cli(
          'analyze',
          ...files,
          '--mesh-config',
          mesh,
          '--format',
          'json',
        )
      ).stdout,
    ).findings;
    expect(without.map((f: { code: string }) => f.code)).not.toContain(
      'IST0113',
    );
    expect(
      withMesh.find((f: { code: string }) => f.code === 'IST0113'),
    ).toMatchObject({ path: 'spec.trafficPolicy.tls.mode', line: 4 });
  });

  it('rejects unknown flags, bad formats and missing files with exit 2, naming the problem', async () => {
    expect(await cli('analyze', dir, '--colour')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--colour'),
    });
    expect(await cli('analyze', dir, '--format', 'xml')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('xml'),
    });
    const missing = path.join(dir, 'nope.yaml');
    expect(await cli('analyze', missing)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(missing),
    });
    expect(await cli('analyze', dir, '--mesh-config', missing)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(missing),
    });
    expect(await cli('analyze')).toMatchObject({ code: 2 });
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('frobnicate'),
    });
    expect(await cli('analyze', '--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('usage: meshport analyze'),
    });
  });
});

describe('bin/meshport (subprocess)', () => {
  it('analyzes files in a temp dir and the Bookinfo fixtures', () => {
    write('vs.yaml', BAD_WEIGHTS);
    const bad = spawnSync(BIN, ['analyze', dir, '--format', 'json'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(
      JSON.parse(bad.stdout).findings.map((f: { code: string }) => f.code),
    ).toContain('IST0106');

    const files = [
      'platform/kube/bookinfo.yaml',
      'networking/bookinfo-gateway.yaml',
      'networking/destination-rule-all.yaml',
      'networking/virtual-service-all-v1.yaml',
    ];
    const ok = spawnSync(
      BIN,
      ['analyze', ...files.map(f => path.join(BOOKINFO, f))],
      { encoding: 'utf8' },
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      'Warning [MSH0101] (DestinationRule ratings.default)',
    );

    const missing = spawnSync(
      BIN,
      ['analyze', path.join(dir, 'missing.yaml')],
      { encoding: 'utf8' },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing.yaml');
  }, 30_000);
});
