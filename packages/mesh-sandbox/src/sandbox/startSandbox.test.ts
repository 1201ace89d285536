import { freePort } from '../testUtils/freePort';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { request } from '../testUtils/request';
import { startSandbox } from './startSandbox';
import { EndpointsFile } from './types';

jest.setTimeout(30_000);

describe('startSandbox', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-state-'));
  });
  afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

  it('writes kubeconfigs and endpoints.json, and keeps CA and token across restarts', async () => {
    const first = await startSandbox({
      clusters: [{ name: 'one', scenario: 'empty' }],
      stateDir,
    });
    const before = first.cluster('one');
    const endpoints = JSON.parse(
      await fs.readFile(path.join(stateDir, 'endpoints.json'), 'utf8'),
    ) as EndpointsFile;
    expect(endpoints).toEqual({
      clusters: [
        {
          name: 'one',
          apiUrl: before.apiUrl,
          metricsUrl: before.metricsUrl,
          kubeconfig: path.join(stateDir, 'one.kubeconfig'),
          caFile: path.join(stateDir, 'one', 'ca.crt'),
          tokenFile: path.join(stateDir, 'one', 'token'),
          viewerTokenFile: path.join(stateDir, 'one', 'viewer-token'),
        },
      ],
    });
    const kubeconfig = yaml.load(
      await fs.readFile(before.kubeconfigPath, 'utf8'),
    ) as {
      clusters: Array<{ cluster: Record<string, string> }>;
      users: Array<{ user: { token: string } }>;
    };
    expect(kubeconfig.clusters[0].cluster.server).toBe(before.apiUrl);
    expect(
      Buffer.from(
        kubeconfig.clusters[0].cluster['certificate-authority-data'],
        'base64',
      ).toString(),
    ).toBe(before.caData);
    expect(kubeconfig.users[0].user.token).toBe(before.token);
    const viewer = yaml.load(
      await fs.readFile(before.viewerKubeconfigPath, 'utf8'),
    ) as { users: Array<{ name: string; user: { token: string } }> };
    expect(viewer.users[0]).toEqual({
      name: 'one-meshport-viewer',
      user: { token: before.viewerToken },
    });
    expect(await fs.readFile(before.caFile!, 'utf8')).toBe(before.caData);
    await first.stop();
    await expect(
      fs.access(path.join(stateDir, 'endpoints.json')),
    ).rejects.toThrow();

    const second = await startSandbox({
      clusters: [{ name: 'one', scenario: 'empty' }],
      stateDir,
    });
    const after = second.cluster('one');
    try {
      expect(after.token).toBe(before.token);
      expect(after.viewerToken).toBe(before.viewerToken);
      expect(after.caData).toBe(before.caData);
      // The stored CA still verifies the restarted server (request() trusts only caData).
      expect(
        (
          await request(
            { ...after, caData: before.caData },
            'GET',
            '/api/v1/namespaces/default',
          )
        ).status,
      ).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('serves plain HTTP on fixed ports when asked', async () => {
    const base = await freePort();
    const sandbox = await startSandbox({
      clusters: [
        { name: 'a', scenario: 'empty' },
        { name: 'b', scenario: 'empty' },
      ],
      stateDir,
      tls: false,
      port: base,
    });
    try {
      expect(sandbox.clusters.map(c => c.apiUrl)).toEqual([
        `http://127.0.0.1:${base}`,
        `http://127.0.0.1:${base + 1}`,
      ]);
      expect(sandbox.cluster('b').caData).toBeUndefined();
      expect(
        (await request(sandbox.cluster('b'), 'GET', '/api/v1/namespaces'))
          .status,
      ).toBe(200);
      expect(
        (
          await request(sandbox.cluster('b'), 'GET', '/api/v1/namespaces', {
            token: 'nope',
          })
        ).status,
      ).toBe(401);
      expect(() => sandbox.cluster('c')).toThrow(
        /no sandbox cluster named "c"/,
      );
    } finally {
      await sandbox.stop();
    }
  });

  it('loads extra manifests, putting objects without a namespace into default', async () => {
    const file = path.join(stateDir, 'extra.yaml');
    await fs.writeFile(
      file,
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b',
        'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: strict\nspec:\n  mtls:\n    mode: STRICT',
      ].join('\n---\n'),
    );
    const sandbox = await startSandbox({
      clusters: [{ name: 'm', scenario: 'empty', manifests: [file] }],
    });
    try {
      const cluster = sandbox.cluster('m');
      expect(
        (
          await request(
            cluster,
            'GET',
            '/api/v1/namespaces/default/configmaps/extra',
          )
        ).status,
      ).toBe(200);
      const pa = await request(
        cluster,
        'GET',
        '/apis/security.istio.io/v1/namespaces/strict/peerauthentications/default',
      );
      expect(pa.json()).toMatchObject({ spec: { mtls: { mode: 'STRICT' } } });
    } finally {
      await sandbox.stop();
    }
    await expect(fs.access(sandbox.stateDir)).rejects.toThrow();
  });

  it('rejects bad cluster lists and reports manifest problems clearly', async () => {
    await expect(
      startSandbox({ clusters: [{ name: 'Bad_Name' }] }),
    ).rejects.toThrow(/must be a DNS label/);
    await expect(
      startSandbox({ clusters: [{ name: 'x' }, { name: 'x' }] }),
    ).rejects.toThrow(/used twice/);
    const file = path.join(stateDir, 'unknown.yaml');
    await fs.writeFile(
      file,
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
    );
    await expect(
      startSandbox({
        clusters: [{ name: 'x', scenario: 'empty', manifests: [file] }],
        stateDir,
      }),
    ).rejects.toThrow(/Widget w: kind Widget in example.com\/v1 is not served/);
  });
});
