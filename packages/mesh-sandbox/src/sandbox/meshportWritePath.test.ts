import { request } from '../testUtils/request';
import { startSandbox } from './startSandbox';
import { Sandbox, SandboxCluster } from './types';

jest.setTimeout(30_000);

/**
 * What Meshport's change sets rely on: server-side apply under its own field manager (forced),
 * server-side dry run for previews, and resourceVersion preconditions that turn a write over a
 * moved object into 409 Conflict.
 */

const REVIEWS =
  '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews';
const APPLY = 'application/apply-patch+yaml';
const STALE = `Operation cannot be fulfilled on virtualservices.networking.istio.io "reviews": the object has been modified; please apply your changes to the latest version and try again`;

const weighted = (v1: number, v2: number) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: v1 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: v2 },
        ],
      },
    ],
  },
});

describe("Meshport's write path", () => {
  let sandbox: Sandbox;
  let cluster: SandboxCluster;
  const current = async () => (await request(cluster, 'GET', REVIEWS)).json();

  beforeAll(async () => {
    sandbox = await startSandbox({ podReadyDelayMs: 20 });
    cluster = sandbox.cluster('sandbox');
  });
  afterAll(() => sandbox.stop());

  it('dry-runs a forced server-side apply: the would-be object comes back, nothing is stored', async () => {
    const before = await current();
    const dryRun = await request(
      cluster,
      'PATCH',
      `${REVIEWS}?fieldManager=meshport&force=true&dryRun=All`,
      { body: weighted(90, 10), contentType: APPLY },
    );
    expect(dryRun.status).toBe(200);
    expect(
      dryRun.json().spec.http[0].route.map((r: { weight: number }) => r.weight),
    ).toEqual([90, 10]);
    expect(dryRun.json().metadata.managedFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ manager: 'meshport', operation: 'Apply' }),
      ]),
    );
    const after = await current();
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(after.spec).toEqual(before.spec);
    // A dry run that would create answers 201 and leaves nothing behind either.
    const newPath =
      '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/preview-only';
    const created = await request(
      cluster,
      'PATCH',
      `${newPath}?fieldManager=meshport&force=true&dryRun=All`,
      {
        body: {
          ...weighted(50, 50),
          metadata: { name: 'preview-only', namespace: 'bookinfo' },
        },
        contentType: APPLY,
      },
    );
    expect(created.status).toBe(201);
    expect((await request(cluster, 'GET', newPath)).status).toBe(404);
  });

  it('applies for real under fieldManager=meshport, taking over fields with force=true', async () => {
    expect(
      (
        await request(cluster, 'PATCH', `${REVIEWS}?fieldManager=kubectl`, {
          body: weighted(60, 40),
          contentType: APPLY,
        })
      ).status,
    ).toBe(200);
    const unforced = await request(
      cluster,
      'PATCH',
      `${REVIEWS}?fieldManager=meshport`,
      { body: weighted(80, 20), contentType: APPLY },
    );
    expect(unforced.json()).toMatchObject({
      code: 409,
      reason: 'Conflict',
      details: {
        causes: [
          expect.objectContaining({
            reason: 'FieldManagerConflict',
            field: '.spec.http',
          }),
        ],
      },
    });
    const applied = await request(
      cluster,
      'PATCH',
      `${REVIEWS}?fieldManager=meshport&force=true`,
      { body: weighted(80, 20), contentType: APPLY },
    );
    expect(applied.status).toBe(200);
    const stored = await current();
    expect(
      stored.spec.http[0].route.map((r: { weight: number }) => r.weight),
    ).toEqual([80, 20]);
    expect(
      stored.metadata.managedFields.find(
        (f: { manager: string }) => f.manager === 'meshport',
      ),
    ).toMatchObject({
      operation: 'Apply',
      apiVersion: 'networking.istio.io/v1',
    });
  });

  it('answers 409 Conflict to writes carrying a stale resourceVersion', async () => {
    const seen = await current();
    const stale = seen.metadata.resourceVersion as string;
    // Someone else moves the object.
    await request(cluster, 'PATCH', REVIEWS, {
      body: { metadata: { labels: { moved: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });

    const merge = await request(cluster, 'PATCH', REVIEWS, {
      body: {
        metadata: { resourceVersion: stale },
        spec: { hosts: ['reviews'] },
      },
      contentType: 'application/merge-patch+json',
    });
    expect(merge.status).toBe(409);
    expect(merge.json()).toMatchObject({
      reason: 'Conflict',
      message: STALE,
      details: {
        name: 'reviews',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      },
    });
    const jsonPatch = await request(cluster, 'PATCH', REVIEWS, {
      body: [
        { op: 'replace', path: '/metadata/resourceVersion', value: stale },
      ],
      contentType: 'application/json-patch+json',
    });
    expect(jsonPatch.json()).toMatchObject({ code: 409, message: STALE });
    const put = await request(cluster, 'PUT', REVIEWS, { body: seen });
    expect(put.json()).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: STALE,
    });
    const apply = await request(
      cluster,
      'PATCH',
      `${REVIEWS}?fieldManager=meshport&force=true`,
      {
        body: {
          ...weighted(70, 30),
          metadata: {
            name: 'reviews',
            namespace: 'bookinfo',
            resourceVersion: stale,
          },
        },
        contentType: APPLY,
      },
    );
    expect(apply.json()).toMatchObject({ code: 409, message: STALE });
    const dryRun = await request(cluster, 'PATCH', `${REVIEWS}?dryRun=All`, {
      body: { metadata: { resourceVersion: stale } },
      contentType: 'application/merge-patch+json',
    });
    expect(dryRun.json()).toMatchObject({ code: 409, message: STALE });
    expect(
      (await current()).spec.http[0].route.map(
        (r: { weight: number }) => r.weight,
      ),
    ).toEqual([80, 20]);
  });

  it('answers 409 to a delete whose preconditions no longer hold, and deletes when they do', async () => {
    const seen = await current();
    const wrong = await request(cluster, 'DELETE', REVIEWS, {
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: { resourceVersion: '1' },
      },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.json()).toMatchObject({
      reason: 'Conflict',
      message: expect.stringMatching(
        /^Operation cannot be fulfilled on virtualservices\.networking\.istio\.io "reviews": .*Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+/,
      ),
    });
    const dryRun = await request(cluster, 'DELETE', `${REVIEWS}?dryRun=All`, {
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: { resourceVersion: seen.metadata.resourceVersion },
      },
    });
    expect(dryRun.status).toBe(200);
    expect((await request(cluster, 'GET', REVIEWS)).status).toBe(200);
    const right = await request(cluster, 'DELETE', REVIEWS, {
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: {
          resourceVersion: seen.metadata.resourceVersion,
          uid: seen.metadata.uid,
        },
      },
    });
    expect(right.status).toBe(200);
    expect((await request(cluster, 'GET', REVIEWS)).status).toBe(404);
  });
});
