import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { canaryRecord } from '../__testUtils__/canaryFixtures';
import {
  backstageError,
  FakeMeshBackend,
  startFakeMeshBackend,
} from '../__testUtils__/fakeMeshBackend';
import { CanaryStartInput, createCanaryStartAction } from './canaryStart';

const input: CanaryStartInput = {
  entityRef: 'component:default/reviews',
  namespace: 'bookinfo',
  service: 'reviews',
  stableVersion: 'v1',
  canaryVersion: 'v3',
  stepWeight: 10,
  maxWeight: 50,
  intervalSeconds: 60,
  threshold: 2,
  checks: { successRateMin: 99, latencyP99MaxMs: 500 },
};

const preview = {
  id: 'ch-9',
  entityRef: 'component:default/reviews',
  cluster: 'sandbox',
  resources: [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
      action: 'apply',
      operation: 'update',
      diff: '',
      before: '',
      after: '',
    },
  ],
  findings: { introduced: [], fixed: [] },
  dryRun: { ok: true, messages: [] },
  gitops: false,
  createdBy: 'user:default/mock',
  createdAt: '2026-05-01T10:00:00.000Z',
};

describe('mesh:canary:start', () => {
  let mesh: FakeMeshBackend;
  const workspace = createMockDirectory();
  beforeEach(async () => {
    mesh = await startFakeMeshBackend();
    workspace.clear();
  });
  afterEach(() => mesh.close());

  function context(
    given: Partial<CanaryStartInput> & Record<string, unknown>,
    options: { isDryRun?: boolean } = {},
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext<CanaryStartInput>({
      input: { ...input, ...given } as CanaryStartInput,
      workspacePath: workspace.path,
      logger,
    });
    return { ctx: { ...ctx, isDryRun: options.isDryRun }, logger };
  }

  it('maps the inputs to POST /canaries as the user and outputs the started canary', async () => {
    mesh.answer('POST /canaries', {
      status: 201,
      body: { kind: 'started', ...canaryRecord() },
    });
    const { ctx, logger } = context({
      checks: {
        successRateMin: 99,
        latencyP99MaxMs: 500,
        custom: [{ name: 'errors', query: 'sum(x)', max: 1 }],
      },
      windowSeconds: 120,
    });

    await createCanaryStartAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests).toHaveLength(1);
    expect(mesh.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(),
        targetPluginId: 'mesh',
      }),
    );
    expect(mesh.requests[0].body).toEqual({
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
        windowSeconds: 120,
        checks: [
          { kind: 'success-rate', minPercent: 99 },
          { kind: 'latency-p99', maxMs: 500 },
          { kind: 'promql', name: 'errors', query: 'sum(x)', max: 1 },
        ],
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('kind', 'started');
    expect(ctx.output).toHaveBeenCalledWith('canaryId', 'c-123');
    expect(ctx.output).toHaveBeenCalledWith('state', 'progressing');
    expect(ctx.output).toHaveBeenCalledWith('weights', [10, 20, 30, 40, 50]);
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      '/catalog/default/component/reviews/traffic?canary=c-123',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('files', expect.anything());
    expect(logger.info).toHaveBeenCalledWith(
      'Weights plan: 10 → 20 → 30 → 40 → 50 % on v3',
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^First step applied: 10 % of bookinfo\/reviews on v3 \(canary c-123/,
      ),
    );
  });

  it.each([
    [{ stepWeight: 0 }, 'stepWeight: must be at least 1'],
    [{ stepWeight: 60 }, 'stepWeight: must not be above maxWeight'],
    [
      { stepWeight: undefined, stepWeights: [20, 10] },
      'stepWeights.1: must be above the weight before it',
    ],
    [{ intervalSeconds: 0.5 }, 'intervalSeconds: must be a whole number'],
    [{ canaryVersion: 'v1' }, 'canaryVersion: must differ from stableVersion'],
    [{ namespace: 'Bookinfo' }, 'namespace: must be lowercase letters'],
    [
      { checks: { successRateMin: 99, latencyP99MaxMs: 0 } },
      'checks.latencyP99MaxMs: must be above 0',
    ],
    [
      { checks: { custom: [{ name: 'errors', query: 'sum(x)' }] } },
      'checks.custom.0.min: give min, max or both',
    ],
    [{ entityRef: 'reviews' }, 'entityRef: must be kind:namespace/name'],
  ])(
    'refuses %j with an InputError naming the input before any HTTP call',
    async (given, message) => {
      const { ctx } = context(given);
      const error = await createCanaryStartAction({ meshApi: mesh.client })
        .handler(ctx)
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
      expect(mesh.requests).toHaveLength(0);
    },
  );

  it("surfaces the backend's 403 with its message", async () => {
    mesh.answer(
      'POST /canaries',
      backstageError(
        403,
        'NotAllowedError',
        'Requires the mesh.canary.manage permission on component:default/reviews',
      ),
    );
    const { ctx } = context({});
    const error = await createCanaryStartAction({ meshApi: mesh.client })
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'mesh backend refused (403): Requires the mesh.canary.manage permission on component:default/reviews',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('in a dry run asks the backend for a dry run, outputs its plan and writes nothing', async () => {
    mesh.answer('POST /canaries', {
      status: 200,
      body: {
        kind: 'dry-run',
        weights: [10, 20, 30, 40, 50],
        preview,
        notes: ['The first step would send 10 % of reviews to v3'],
      },
    });
    const { ctx, logger } = context({}, { isDryRun: true });

    await createCanaryStartAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests[0].body).toMatchObject({ dryRun: true });
    expect(ctx.output).toHaveBeenCalledWith('kind', 'dry-run');
    expect(ctx.output).toHaveBeenCalledWith('state', 'dry-run');
    expect(ctx.output).toHaveBeenCalledWith('weights', [10, 20, 30, 40, 50]);
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      '/catalog/default/component/reviews/traffic',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('canaryId', expect.anything());
    expect(logger.info).toHaveBeenCalledWith(
      'Dry run: the first step would update VirtualService bookinfo/reviews',
    );
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  const gitopsAnswer = {
    status: 200,
    body: {
      kind: 'gitops',
      weights: [10, 20, 30, 40, 50],
      files: [
        {
          path: 'prod-eu/bookinfo/virtualservice-reviews.yaml',
          content: 'kind: VirtualService\n',
          action: 'apply',
        },
        {
          path: 'prod-eu/bookinfo/destinationrule-reviews.yaml',
          content: 'kind: DestinationRule\n',
          action: 'apply',
        },
      ],
      notes: ['prod-eu is managed by GitOps: commit these files'],
    },
  };

  it('on a GitOps cluster writes the exported files into the workspace and lists them', async () => {
    mesh.answer('POST /canaries', gitopsAnswer);
    const { ctx } = context({ cluster: 'prod-eu' });

    await createCanaryStartAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests[0].body).toMatchObject({ cluster: 'prod-eu' });
    expect(mesh.requests[0].body).not.toHaveProperty('dryRun');
    const files = [
      'prod-eu/bookinfo/virtualservice-reviews.yaml',
      'prod-eu/bookinfo/destinationrule-reviews.yaml',
    ];
    expect(ctx.output).toHaveBeenCalledWith('kind', 'gitops');
    expect(ctx.output).toHaveBeenCalledWith('files', files);
    expect(ctx.output).not.toHaveBeenCalledWith('canaryId', expect.anything());
    expect(workspace.content()).toEqual({
      'prod-eu': {
        bookinfo: {
          'virtualservice-reviews.yaml': 'kind: VirtualService\n',
          'destinationrule-reviews.yaml': 'kind: DestinationRule\n',
        },
      },
    });
  });

  it('on a GitOps cluster in a dry run lists the files without writing them', async () => {
    mesh.answer('POST /canaries', gitopsAnswer);
    const { ctx } = context({ cluster: 'prod-eu' }, { isDryRun: true });

    await createCanaryStartAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests[0].body).toMatchObject({ dryRun: true });
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'prod-eu/bookinfo/virtualservice-reviews.yaml',
      'prod-eu/bookinfo/destinationrule-reviews.yaml',
    ]);
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  it('refuses an exported path that leaves the workspace', async () => {
    mesh.answer('POST /canaries', {
      ...gitopsAnswer,
      body: {
        ...gitopsAnswer.body,
        files: [{ path: '../outside.yaml', content: 'x', action: 'apply' }],
      },
    });
    const { ctx } = context({});
    await expect(
      createCanaryStartAction({ meshApi: mesh.client }).handler(ctx),
    ).rejects.toThrow(/outside/);
    expect(
      fs.existsSync(path.resolve(workspace.path, '..', 'outside.yaml')),
    ).toBe(false);
  });
});
