import {
  coreServices,
  createBackendPlugin,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import meshModule from './index';

type Handler = Parameters<HttpRouterService['use']>[0];

interface SeenRequest {
  path: string;
  user?: string;
  body: Record<string, unknown>;
}

/**
 * A stand-in `mesh` backend plugin in the same test backend: it authenticates each request as
 * the real mesh plugin would (httpAuth), so the test sees whose token the action sent.
 */
function fakeMeshPlugin(seen: SeenRequest[]) {
  return createBackendPlugin({
    pluginId: 'mesh',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const handler: Handler = (req, res) => {
            let text = '';
            req.setEncoding('utf8');
            req.on('data', (chunk: string) => {
              text += chunk;
            });
            req.on('end', async () => {
              const credentials = await httpAuth.credentials(req, {
                allow: ['user'],
              });
              seen.push({
                path: req.url,
                user: credentials.principal.userEntityRef,
                body: JSON.parse(text),
              });
              res.status(200).json({
                kind: 'dry-run',
                weights: [10, 20, 30, 40, 50],
                preview: {
                  id: 'ch-1',
                  resources: [],
                  dryRun: { ok: true, messages: [] },
                },
                notes: ['Nothing was written'],
              });
            });
          };
          httpRouter.use(handler);
        },
      });
    },
  });
}

const template = yaml.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../templates/canary-release/template.yaml'),
    'utf8',
  ),
);

describe('scaffolderModuleMesh', () => {
  it('is a backend feature', () => {
    expect(meshModule).toMatchObject({ $$type: '@backstage/BackendFeature' });
  });

  it('adds its actions to the scaffolder, and the Canary release template dry-runs through them as the user', async () => {
    const seen: SeenRequest[] = [];
    const { server } = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        meshModule,
        fakeMeshPlugin(seen),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const base = `http://localhost:${port}/api/scaffolder`;
    const jane = mockCredentials.user.header('user:default/jane');

    const actions = (await (
      await fetch(`${base}/v2/actions`, { headers: { Authorization: jane } })
    ).json()) as Array<{
      id: string;
      schema: { input: { required?: string[] } };
    }>;
    const ours = actions.filter(a => a.id.startsWith('mesh:'));
    expect(ours.map(a => a.id).sort()).toEqual([
      'mesh:canary:abort',
      'mesh:canary:promote',
      'mesh:canary:start',
      'mesh:traffic:shift',
    ]);
    expect(
      ours.find(a => a.id === 'mesh:canary:start')!.schema.input.required,
    ).toEqual(
      expect.arrayContaining(['entityRef', 'namespace', 'service', 'checks']),
    );

    // The form's values: the MeshCanaryTargetPicker field gives `target` (no cluster when the
    // component's Services are all in one cluster).
    const dryRun = (target: Record<string, string>) =>
      fetch(`${base}/v2/dry-run`, {
        method: 'POST',
        headers: { Authorization: jane, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          template,
          values: {
            entity: 'component:default/reviews',
            target,
            stepWeight: 10,
            maxWeight: 50,
            intervalSeconds: 60,
            threshold: 2,
            successRateMin: 99,
            latencyP99MaxMs: 500,
          },
          directoryContents: [],
        }),
      });
    const target = {
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v3',
    };
    const response = await dryRun(target);
    const result = await response.json();
    expect(response.status).toBe(200);
    // Not even an empty string: the backend would reject `cluster: ''`.
    expect(seen[0].body).not.toHaveProperty('cluster');

    expect(seen).toEqual([
      {
        path: '/canaries',
        user: 'user:default/jane',
        body: {
          entityRef: 'component:default/reviews',
          namespace: 'bookinfo',
          service: 'reviews',
          stableVersion: 'v1',
          canaryVersion: 'v3',
          plan: {
            stepWeight: 10,
            maxWeight: 50,
            intervalSeconds: 60,
            threshold: 2,
            checks: [
              { kind: 'success-rate', minPercent: 99 },
              { kind: 'latency-p99', maxMs: 500 },
            ],
          },
          dryRun: true,
        },
      },
    ]);
    expect(result.output.links).toEqual([
      {
        title: 'Open the canary',
        url: '/catalog/default/component/reviews/traffic',
      },
    ]);
    expect(result.output.text[0].content).toContain(
      '10 % → 20 % → 30 % → 40 % → 50 %',
    );
    expect(result.output.text[0].content).toContain(
      '**bookinfo/reviews**: v3 against v1',
    );

    // Services in several clusters: the field names the cluster and the action passes it on.
    const inEast = await dryRun({ ...target, cluster: 'east' });
    expect(inEast.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1].body).toMatchObject({
      cluster: 'east',
      namespace: 'bookinfo',
      service: 'reviews',
    });
  }, 60_000);
});
