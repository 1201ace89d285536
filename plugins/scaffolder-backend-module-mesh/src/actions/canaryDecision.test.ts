import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { canaryRecord } from '../__testUtils__/canaryFixtures';
import {
  backstageError,
  FakeMeshBackend,
  startFakeMeshBackend,
} from '../__testUtils__/fakeMeshBackend';
import { createCanaryAbortAction } from './canaryAbort';
import { createCanaryPromoteAction } from './canaryPromote';

describe('mesh:canary:promote and mesh:canary:abort', () => {
  let mesh: FakeMeshBackend;
  beforeEach(async () => {
    mesh = await startFakeMeshBackend();
  });
  afterEach(() => mesh.close());

  function context(
    input: { canaryId: string; reason?: string },
    isDryRun?: boolean,
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input, logger });
    return { ctx: { ...ctx, isDryRun }, logger };
  }

  it('promotes with the reason and outputs the state and weight', async () => {
    mesh.answer('POST /canaries/c-123/promote', {
      status: 200,
      body: canaryRecord({ state: 'promoted', weight: 100, step: 4 }),
    });
    const { ctx } = context({ canaryId: 'c-123', reason: 'verified' });

    await createCanaryPromoteAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests.map(r => [r.method, r.path, r.body])).toEqual([
      ['POST', '/canaries/c-123/promote', { reason: 'verified' }],
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'promoted');
    expect(ctx.output).toHaveBeenCalledWith('weight', 100);
  });

  it('aborts and outputs the state and weight', async () => {
    mesh.answer('POST /canaries/c-123/abort', {
      status: 200,
      body: canaryRecord({ state: 'aborted', weight: 0 }),
    });
    const { ctx } = context({ canaryId: 'c-123' });

    await createCanaryAbortAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests.map(r => [r.path, r.body])).toEqual([
      ['/canaries/c-123/abort', {}],
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'aborted');
    expect(ctx.output).toHaveBeenCalledWith('weight', 0);
  });

  it("surfaces the backend's 409 for a finished canary", async () => {
    mesh.answer(
      'POST /canaries/c-123/abort',
      backstageError(409, 'ConflictError', 'Canary c-123 is already promoted'),
    );
    const { ctx } = context({ canaryId: 'c-123' });
    const error = await createCanaryAbortAction({ meshApi: mesh.client })
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'mesh backend refused (409): Canary c-123 is already promoted',
    );
  });

  it('in a dry run only reads the canary and reports what would happen', async () => {
    mesh.answer('GET /canaries/c-123', {
      status: 200,
      body: canaryRecord({ state: 'paused', weight: 30 }),
    });
    const { ctx, logger } = context({ canaryId: 'c-123' }, true);

    await createCanaryPromoteAction({ meshApi: mesh.client }).handler(ctx);

    expect(mesh.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /canaries/c-123',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'promoted');
    expect(ctx.output).toHaveBeenCalledWith('weight', 100);
    expect(logger.info).toHaveBeenCalledWith(
      'Dry run: would promote canary c-123 of bookinfo/reviews (now paused at 30 % on v3), leaving it promoted at 100 %',
    );
  });

  it('in a dry run fails like the real run would on a finished canary', async () => {
    mesh.answer('GET /canaries/c-123', {
      status: 200,
      body: canaryRecord({ state: 'rolled-back', weight: 0 }),
    });
    const { ctx } = context({ canaryId: 'c-123' }, true);
    await expect(
      createCanaryAbortAction({ meshApi: mesh.client }).handler(ctx),
    ).rejects.toThrow(
      new ConflictError(
        'Canary c-123 is already rolled-back; abort would be refused',
      ),
    );
    expect(mesh.requests).toHaveLength(1);
  });

  it('refuses a missing id or an overlong reason before any HTTP call', async () => {
    const action = createCanaryAbortAction({ meshApi: mesh.client });
    const missing = await action
      .handler(context({ canaryId: '' }).ctx)
      .catch(e => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.message).toContain('canaryId: is required');
    const long = await action
      .handler(context({ canaryId: 'c-1', reason: 'x'.repeat(501) }).ctx)
      .catch(e => e);
    expect(long).toBeInstanceOf(InputError);
    expect(long.message).toContain('reason: ');
    expect(mesh.requests).toHaveLength(0);
  });
});
