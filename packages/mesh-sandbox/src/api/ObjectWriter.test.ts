import { SimulatedCluster } from '../sandbox/SimulatedCluster';
import { startTestCluster } from '../testUtils/testCluster';
import { ApiError } from './ApiError';

function vs(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'default' },
    spec: { hosts: [name] },
    ...extra,
  };
}

function expectApiError(
  fn: () => unknown,
  code: number,
  reason: string,
): ApiError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, reason });
    return error as ApiError;
  }
  throw new Error(`expected ${code} ${reason}`);
}

describe('ObjectWriter', () => {
  let cluster: SimulatedCluster;
  const vsType = () =>
    cluster.registry.lookup('networking.istio.io', 'v1', 'virtualservices')!;
  const cmType = () => cluster.registry.lookup('', 'v1', 'configmaps')!;

  beforeEach(async () => {
    cluster = await startTestCluster();
  });
  afterEach(() => cluster.stop());

  it('creates with server-set metadata and refuses duplicates with 409 AlreadyExists', () => {
    const { object } = cluster.writer.create(
      vsType(),
      'v1',
      'default',
      vs('a'),
    );
    expect(object.metadata).toMatchObject({
      generation: 1,
      namespace: 'default',
    });
    expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(object.metadata.creationTimestamp).toMatch(/Z$/);
    expect(Number(object.metadata.resourceVersion)).toBe(
      cluster.store.revision,
    );
    const error = expectApiError(
      () => cluster.writer.create(vsType(), 'v1', 'default', vs('a')),
      409,
      'AlreadyExists',
    );
    expect(error.message).toBe(
      'virtualservices.networking.istio.io "a" already exists',
    );
  });

  it('serves and stores every listed version of a CRD', () => {
    cluster.writer.create(vsType(), 'v1alpha3', 'default', {
      ...vs('old'),
      apiVersion: 'networking.istio.io/v1alpha3',
    });
    expect(
      cluster.reader.get(vsType(), 'v1', 'default', 'old').apiVersion,
    ).toBe('networking.istio.io/v1');
    expect(
      cluster.reader.get(vsType(), 'v1beta1', 'default', 'old').apiVersion,
    ).toBe('networking.istio.io/v1beta1');
  });

  it('answers a stale resourceVersion with 409 Conflict and a missing one with 422 for custom resources', () => {
    const { object } = cluster.writer.create(
      vsType(),
      'v1',
      'default',
      vs('a'),
    );
    cluster.writer.replace(vsType(), 'v1', 'default', 'a', {
      ...object,
      spec: { hosts: ['b'] },
    });
    expectApiError(
      () =>
        cluster.writer.replace(vsType(), 'v1', 'default', 'a', {
          ...object,
          spec: { hosts: ['c'] },
        }),
      409,
      'Conflict',
    );
    const { resourceVersion: _rv, ...meta } = object.metadata;
    const unconditional = expectApiError(
      () =>
        cluster.writer.replace(vsType(), 'v1', 'default', 'a', {
          ...object,
          metadata: meta,
        }),
      422,
      'Invalid',
    );
    expect(unconditional.details?.causes?.[0].field).toBe(
      'metadata.resourceVersion',
    );
  });

  it('bumps generation on spec changes only, and does not write no-op updates', () => {
    const { object } = cluster.writer.create(
      vsType(),
      'v1',
      'default',
      vs('a'),
    );
    const labelled = cluster.writer.replace(vsType(), 'v1', 'default', 'a', {
      ...object,
      metadata: { ...object.metadata, labels: { x: 'y' } },
    }).object;
    expect(labelled.metadata.generation).toBe(1);
    const respec = cluster.writer.replace(vsType(), 'v1', 'default', 'a', {
      ...labelled,
      spec: { hosts: ['z'] },
    }).object;
    expect(respec.metadata.generation).toBe(2);
    const same = cluster.writer.replace(
      vsType(),
      'v1',
      'default',
      'a',
      respec,
    ).object;
    expect(same.metadata.resourceVersion).toBe(respec.metadata.resourceVersion);
  });

  it('validates custom resources against the CRD schema (422) and handles unknown fields per fieldValidation', () => {
    const error = expectApiError(
      () =>
        cluster.writer.create(
          vsType(),
          'v1',
          'default',
          vs('bad', { spec: { hosts: 'reviews' } }),
        ),
      422,
      'Invalid',
    );
    expect(error.details?.causes?.[0]).toMatchObject({ field: 'spec.hosts' });
    expectApiError(
      () =>
        cluster.writer.create(
          vsType(),
          'v1',
          'default',
          vs('typo', { spec: { hosts: ['a'], htpp: [] } }),
          { fieldValidation: 'Strict' },
        ),
      400,
      'BadRequest',
    );
    const warned = cluster.writer.create(
      vsType(),
      'v1',
      'default',
      vs('typo', { spec: { hosts: ['a'], htpp: [] } }),
    );
    expect(warned.warnings).toEqual(['unknown field "spec.htpp"']);
    expect(warned.object.spec).toEqual({ hosts: ['a'] });
  });

  it('rejects invalid names and objects in missing namespaces', () => {
    const invalid = expectApiError(
      () =>
        cluster.writer.create(cmType(), 'v1', 'default', {
          metadata: { name: 'Bad_Name' },
        }),
      422,
      'Invalid',
    );
    expect(invalid.details?.causes?.[0].field).toBe('metadata.name');
    expectApiError(
      () =>
        cluster.writer.create(cmType(), 'v1', 'nowhere', {
          metadata: { name: 'x' },
        }),
      404,
      'NotFound',
    );
    expectApiError(
      () =>
        cluster.writer.create(cmType(), 'v1', 'default', {
          apiVersion: 'v2',
          metadata: { name: 'x' },
        }),
      400,
      'BadRequest',
    );
  });

  it('generates names from generateName', () => {
    const { object } = cluster.writer.create(cmType(), 'v1', 'default', {
      metadata: { generateName: 'cfg-' },
    });
    expect(object.metadata.name).toMatch(
      /^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
  });

  it('does not persist dry runs', () => {
    const before = cluster.store.revision;
    const { object } = cluster.writer.create(
      vsType(),
      'v1',
      'default',
      vs('dry'),
      { dryRun: true },
    );
    expect(object.metadata.name).toBe('dry');
    expect(cluster.store.revision).toBe(before);
    expectApiError(
      () => cluster.reader.get(vsType(), 'v1', 'default', 'dry'),
      404,
      'NotFound',
    );
  });

  it('keeps objects with finalizers until the last finalizer is removed', () => {
    const { object } = cluster.writer.create(cmType(), 'v1', 'default', {
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    const marked = cluster.writer.delete(cmType(), 'default', 'held');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(cluster.store.get('/configmaps', 'default', 'held')).toBeDefined();
    const current = cluster.reader.get(cmType(), 'v1', 'default', 'held');
    cluster.writer.replace(cmType(), 'v1', 'default', 'held', {
      ...current,
      metadata: { ...current.metadata, finalizers: [] },
    });
    expect(cluster.store.get('/configmaps', 'default', 'held')).toBeUndefined();
    expect(object.metadata.uid).toBe(marked.metadata.uid);
  });

  it('ignores status on main-resource writes when a status subresource exists', () => {
    const deployments = cluster.registry.lookup('apps', 'v1', 'deployments')!;
    const body = {
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: { containers: [{ name: 'c', image: 'i:1' }] },
        },
      },
      status: { replicas: 99 },
    };
    const { object } = cluster.writer.create(
      deployments,
      'v1',
      'default',
      body,
    );
    expect(object.status).toBeUndefined();
    expect(object.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate' },
    });
  });
});
