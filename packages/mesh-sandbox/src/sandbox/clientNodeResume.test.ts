import * as k8s from '@kubernetes/client-node';
import { waitFor } from '../testUtils/waitFor';
import { startSandbox } from './startSandbox';
import { Sandbox } from './types';

jest.setTimeout(30_000);

describe('@kubernetes/client-node: patches, server-side apply and watch resumption after 410', () => {
  let sandbox: Sandbox;
  let kc: k8s.KubeConfig;
  const requests: string[] = [];

  beforeAll(async () => {
    // A short watch lifetime and a five-event window make the informer's resume fall out of history.
    sandbox = await startSandbox({
      clusters: [{ name: 'resume', scenario: 'empty' }],
      podReadyDelayMs: 20,
      watchHistoryLimit: 5,
      watchTimeoutMs: 1000,
      logRequests: true,
      logger: line => requests.push(line),
    });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(sandbox.cluster('resume').kubeconfigPath);
  });
  afterAll(() => sandbox.stop());

  it('relists after a 410 on resume and keeps delivering events', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'watched' } } });
    await core.createNamespace({ body: { metadata: { name: 'busy' } } });
    const informer = k8s.makeInformer(
      kc,
      '/api/v1/namespaces/watched/configmaps',
      () => core.listNamespacedConfigMap({ namespace: 'watched' }),
    );
    const added: string[] = [];
    informer.on('add', obj => added.push(obj.metadata!.name!));
    informer.on('error', () => {
      // ListWatch restarts itself after a 410; errors only need to be observed here.
    });
    const lists = () =>
      requests.filter(line =>
        /^\[resume\] GET \/api\/v1\/namespaces\/watched\/configmaps(\?(?!.*watch=true)\S*)? 200/.test(
          line,
        ),
      ).length;
    await informer.start();
    try {
      await waitFor(
        () =>
          informer.list().some(o => o.metadata?.name === 'kube-root-ca.crt'),
        'the informer synced',
      );
      const listsBefore = lists();
      // Writes elsewhere move the configmaps' history window past the informer's resourceVersion.
      for (let i = 0; i < 10; i += 1)
        await core.createNamespacedConfigMap({
          namespace: 'busy',
          body: { metadata: { name: `filler-${i}` } },
        });
      await waitFor(
        () => lists() > listsBefore,
        'a relist after the expired resume',
        10_000,
      );
      expect(
        requests.some(line =>
          /watched\/configmaps\?.*watch=true.*resourceVersion=\d+/.test(line),
        ),
      ).toBe(true);
      await core.createNamespacedConfigMap({
        namespace: 'watched',
        body: { metadata: { name: 'after-410' } },
      });
      await waitFor(
        () => added.includes('after-410'),
        'an ADDED event after the relist',
        10_000,
      );
      expect(
        informer
          .list()
          .map(o => o.metadata?.name)
          .sort(),
      ).toEqual(['after-410', 'kube-root-ca.crt']);
    } finally {
      await informer.stop();
    }
  });

  it('patches with JSON patch, strategic merge and server-side apply, and reports conflicts as Status 409', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const body: k8s.V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'api', image: 'api:1' }] },
        },
      },
    };
    const applied = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'default', body, fieldManager: 'ci' },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(
      applied.metadata?.managedFields?.map(m => [m.manager, m.operation]),
    ).toEqual([['ci', 'Apply']]);
    const jsonPatched = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: 'default',
        body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
        fieldManager: 'autoscaler',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.spec?.replicas).toBe(2);
    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'sidecar', image: 'side:1' }] },
            },
          },
        },
      },
      k8s.setHeaderOptions(
        'Content-Type',
        k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    expect(strategic.spec?.template.spec?.containers.map(c => c.name)).toEqual([
      'api',
      'sidecar',
    ]);
    const conflict = apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'default', body, fieldManager: 'ci' },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    await expect(conflict).rejects.toMatchObject({ code: 409 });
    const error = await conflict.catch(
      (e: { body: string }) =>
        JSON.parse(e.body) as {
          reason: string;
          details: { causes: Array<{ field: string; message: string }> };
        },
    );
    expect(error).toMatchObject({
      reason: 'Conflict',
      details: {
        causes: [
          {
            field: '.spec.replicas',
            message: 'conflict with "autoscaler" using apps/v1',
          },
        ],
      },
    });
    const dryRun = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: 'default',
        body,
        fieldManager: 'ci',
        force: true,
        dryRun: 'All',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(dryRun.spec?.replicas).toBe(1);
    expect(
      (
        await apps.readNamespacedDeployment({
          name: 'api',
          namespace: 'default',
        })
      ).spec?.replicas,
    ).toBe(2);
  });
});
