import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import {
  backstageError,
  FakeMeshBackend,
  startFakeMeshBackend,
} from '../__testUtils__/fakeMeshBackend';
import { createTrafficShiftAction } from './trafficShift';

const input = {
  entityRef: 'component:default/reviews',
  namespace: 'bookinfo',
  service: 'reviews',
  weights: { v1: 80, v3: 20 },
  description: '20 % on v3',
};

describe('mesh:traffic:shift', () => {
  let mesh: FakeMeshBackend;
  const workspace = createMockDirectory();
  beforeEach(async () => {
    mesh = await startFakeMeshBackend();
    workspace.clear();
  });
  afterEach(() => mesh.close());

  function context(given: Record<string, unknown>, isDryRun?: boolean) {
    const ctx = createMockActionContext({
      input: { ...input, ...given } as typeof input,
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    return { ...ctx, isDryRun };
  }

  it('POSTs /traffic/shift as the user and outputs the applied change', async () => {
    mesh.answer('POST /traffic/shift', {
      status: 200,
      body: {
        kind: 'applied',
        preview: { id: 'ch-1' },
        change: { id: 'ch-1', status: 'applied' },
      },
    });
    const ctx = context({ cluster: 'sandbox' });

    await createTrafficShiftAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests[0].body).toEqual({ ...input, cluster: 'sandbox' });
    expect(mesh.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(),
        targetPluginId: 'mesh',
      }),
    );
    expect(ctx.output).toHaveBeenCalledWith('kind', 'applied');
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'ch-1');
  });

  it.each([
    [
      { weights: { v1: 80, v3: 10 } },
      'weights: must add up to 100 (they add up to 90)',
    ],
    [{ weights: { 'v 1': 100 } }, 'weights.v 1: must be a label value'],
    [{ service: '' }, 'service: is required'],
  ])(
    'refuses %j with an InputError naming the input before any HTTP call',
    async (given, message) => {
      const error = await createTrafficShiftAction({ meshApi: mesh.client })
        .handler(context(given))
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
      expect(mesh.requests).toHaveLength(0);
    },
  );

  it("surfaces the backend's 403", async () => {
    mesh.answer(
      'POST /traffic/shift',
      backstageError(
        403,
        'NotAllowedError',
        'Requires the mesh.config.update permission on component:default/reviews',
      ),
    );
    await expect(
      createTrafficShiftAction({ meshApi: mesh.client }).handler(context({})),
    ).rejects.toThrow(
      new NotAllowedError(
        'mesh backend refused (403): Requires the mesh.config.update permission on component:default/reviews',
      ),
    );
  });

  it('in a dry run asks the backend for a preview and writes nothing', async () => {
    mesh.answer('POST /traffic/shift', {
      status: 200,
      body: { kind: 'dry-run', preview: { id: 'ch-2' } },
    });
    const ctx = context({}, true);

    await createTrafficShiftAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests[0].body).toEqual({ ...input, dryRun: true });
    expect(ctx.output).toHaveBeenCalledWith('kind', 'dry-run');
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'ch-2');
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  it('on a GitOps cluster writes the export into the workspace, reporting deletions apart', async () => {
    mesh.answer('POST /traffic/shift', {
      status: 200,
      body: {
        kind: 'gitops',
        preview: { id: 'ch-3' },
        files: [
          {
            path: 'prod-eu/bookinfo/virtualservice-reviews.yaml',
            content: 'kind: VirtualService\n',
            action: 'apply',
          },
          {
            path: 'prod-eu/bookinfo/destinationrule-reviews-old.yaml',
            content: '',
            action: 'delete',
          },
        ],
      },
    });
    const ctx = context({ cluster: 'prod-eu' });

    await createTrafficShiftAction({ meshApi: mesh.client }).handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('kind', 'gitops');
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'ch-3');
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'prod-eu/bookinfo/virtualservice-reviews.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('deletions', [
      'prod-eu/bookinfo/destinationrule-reviews-old.yaml',
    ]);
    expect(workspace.content()).toEqual({
      'prod-eu': {
        bookinfo: { 'virtualservice-reviews.yaml': 'kind: VirtualService\n' },
      },
    });
  });
});
