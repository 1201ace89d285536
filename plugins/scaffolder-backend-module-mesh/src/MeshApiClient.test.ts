import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { StartCanaryRequest } from '@meshport/plugin-mesh-common';
import { MeshApiClient } from './MeshApiClient';
import { canaryRecord } from './__testUtils__/canaryFixtures';
import {
  backstageError,
  FakeMeshBackend,
  startFakeMeshBackend,
} from './__testUtils__/fakeMeshBackend';

const user = mockCredentials.user('user:default/jane');
const expectedAuthorization = mockCredentials.service.header({
  onBehalfOf: user,
  targetPluginId: 'mesh',
});

const request: StartCanaryRequest = {
  entityRef: 'component:default/reviews',
  namespace: 'bookinfo',
  service: 'reviews',
  stableVersion: 'v1',
  canaryVersion: 'v3',
  plan: { stepWeight: 10, maxWeight: 50, intervalSeconds: 60, threshold: 2 },
};

describe('MeshApiClient', () => {
  let mesh: FakeMeshBackend;
  beforeEach(async () => {
    mesh = await startFakeMeshBackend();
  });
  afterEach(() => mesh.close());

  it("POSTs /canaries as JSON with a plugin request token on behalf of the user, from discovery's mesh URL", async () => {
    mesh.answer('POST /canaries', {
      status: 201,
      body: { kind: 'started', ...canaryRecord() },
    });
    const getBaseUrl = jest.fn(async () => mesh.baseUrl);
    const auth = mockServices.auth();
    const tokenSpy = jest.spyOn(auth, 'getPluginRequestToken');
    const client = new MeshApiClient({ auth, discovery: { getBaseUrl } });

    const answer = await client.startCanary(request, { credentials: user });

    expect(answer).toMatchObject({ kind: 'started', id: 'c-123', weight: 10 });
    expect(getBaseUrl).toHaveBeenCalledWith('mesh');
    expect(tokenSpy).toHaveBeenCalledWith({
      onBehalfOf: user,
      targetPluginId: 'mesh',
    });
    expect(mesh.requests).toHaveLength(1);
    const [sent] = mesh.requests;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/canaries');
    expect(sent.headers.authorization).toBe(expectedAuthorization);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual(request);
  });

  it('surfaces a 403 as NotAllowedError with the status and the backend message, without the token', async () => {
    mesh.answer(
      'POST /canaries',
      backstageError(
        403,
        'NotAllowedError',
        'Requires the mesh.canary.manage permission on component:default/reviews',
      ),
    );
    const error = await mesh.client
      .startCanary(request, { credentials: user })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'mesh backend refused (403): Requires the mesh.canary.manage permission on component:default/reviews',
    );
    expect(error.message).not.toContain('mock-service-token');
  });

  it('maps 400 and 409 to InputError and ConflictError', async () => {
    mesh.answer(
      'POST /canaries',
      backstageError(400, 'InputError', 'plan.stepWeight: must be at least 1'),
    );
    mesh.answer(
      'POST /canaries/c-1/abort',
      backstageError(409, 'ConflictError', 'Canary c-1 is already promoted'),
    );
    await expect(
      mesh.client.startCanary(request, { credentials: user }),
    ).rejects.toThrow(
      new InputError(
        'mesh backend refused (400): plan.stepWeight: must be at least 1',
      ),
    );
    const conflict = await mesh.client
      .abortCanary('c-1', undefined, { credentials: user })
      .catch(e => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.message).toContain('(409): Canary c-1 is already promoted');
  });

  it('reports a 5xx that is not Backstage JSON with an excerpt of the body', async () => {
    mesh.answer('GET /canaries/c-1', {
      status: 502,
      body: '<html><body>Bad gateway</body></html>',
    });
    const error = await mesh.client
      .getCanary('c-1', { credentials: user })
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'mesh backend failed (502): <html><body>Bad gateway</body></html>',
    );
  });

  it('refuses an answer that lacks what the actions read', async () => {
    mesh.answer('POST /canaries', {
      status: 201,
      body: { kind: 'started', id: 'c-1' },
    });
    await expect(
      mesh.client.startCanary(request, { credentials: user }),
    ).rejects.toThrow(
      /mesh backend answered POST \/canaries with an unexpected body/,
    );
  });

  it('promotes and aborts with the reason, escaping the id in the path', async () => {
    mesh.answer('POST /canaries/a%2Fb/promote', {
      status: 200,
      body: canaryRecord({ id: 'a/b', state: 'promoted', weight: 100 }),
    });
    mesh.answer('POST /canaries/c-1/abort', {
      status: 200,
      body: canaryRecord({ id: 'c-1', state: 'aborted', weight: 0 }),
    });
    const promoted = await mesh.client.promoteCanary('a/b', 'verified', {
      credentials: user,
    });
    const aborted = await mesh.client.abortCanary('c-1', undefined, {
      credentials: user,
    });
    expect(promoted).toMatchObject({ state: 'promoted', weight: 100 });
    expect(aborted).toMatchObject({ state: 'aborted', weight: 0 });
    expect(mesh.requests.map(r => [r.path, r.body])).toEqual([
      ['/canaries/a%2Fb/promote', { reason: 'verified' }],
      ['/canaries/c-1/abort', {}],
    ]);
  });

  it('names the URL, not the token, when the backend is unreachable', async () => {
    await mesh.close();
    const error = await mesh.client
      .getCanary('c-1', { credentials: user })
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      `mesh backend unreachable (GET ${mesh.baseUrl}/canaries/c-1)`,
    );
    expect(error.message).not.toContain('token');
  });

  it('answers shiftTraffic with the applied change', async () => {
    mesh.answer('POST /traffic/shift', {
      status: 200,
      body: {
        kind: 'applied',
        preview: { id: 'ch-1' },
        change: { id: 'ch-1', status: 'applied' },
      },
    });
    const answer = await mesh.client.shiftTraffic(
      {
        entityRef: 'component:default/reviews',
        namespace: 'bookinfo',
        service: 'reviews',
        weights: { v1: 80, v3: 20 },
      },
      { credentials: user },
    );
    expect(answer).toMatchObject({ kind: 'applied', change: { id: 'ch-1' } });
    expect(mesh.requests[0].headers.authorization).toBe(expectedAuthorization);
  });
});
