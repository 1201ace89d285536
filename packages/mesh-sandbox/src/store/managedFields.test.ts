import { fromFieldsV1, leafPaths, toFieldsV1 } from './fieldPaths';
import {
  formatFieldPath,
  recordUpdate,
  serverSideApply,
} from './managedFields';
import { KubeObject } from './types';

const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-02T00:00:00Z';

function deployment(
  replicas: number,
  image: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' } },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'app', image, ...extra }] } },
    },
  };
}

describe('managed fields', () => {
  it('encodes field paths as FieldsV1 and back, with keyed list items', () => {
    const paths = leafPaths(deployment(1, 'web:1'));
    expect(toFieldsV1(paths)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {} },
            },
          },
        },
      },
    });
    expect(
      fromFieldsV1(toFieldsV1(paths))
        .map(p => JSON.stringify(p))
        .sort(),
    ).toEqual(paths.map(p => JSON.stringify(p)).sort());
    expect(
      formatFieldPath([
        'f:spec',
        'f:template',
        'f:spec',
        'f:containers',
        'k:{"name":"app"}',
        'f:image',
      ]),
    ).toBe('.spec.template.spec.containers[name="app"].image');
  });

  it('conflicts when another manager owns a field with a different value, unless forced', () => {
    const created = {
      ...deployment(1, 'web:1'),
      metadata: { ...deployment(1, 'web:1').metadata, managedFields: [] },
    };
    const first = serverSideApply(
      undefined,
      created,
      'kubectl',
      'apps/v1',
      false,
      T1,
    );
    if (!first.ok) throw new Error('first apply conflicted');
    // A scale by someone else takes over spec.replicas.
    const scaled = {
      ...first.object,
      metadata: {
        ...first.object.metadata,
        managedFields: first.managedFields,
      },
      spec: { ...(first.object.spec as object), replicas: 3 },
    };
    scaled.metadata.managedFields = recordUpdate(
      {
        ...first.object,
        metadata: {
          ...first.object.metadata,
          managedFields: first.managedFields,
        },
      },
      scaled,
      'kubectl-scale',
      'apps/v1',
      T2,
    );
    expect(
      (scaled.metadata.managedFields as Array<{ manager: string }>).map(
        m => m.manager,
      ),
    ).toEqual(['kubectl', 'kubectl-scale']);

    const conflict = serverSideApply(
      scaled,
      deployment(1, 'web:2'),
      'kubectl',
      'apps/v1',
      false,
      T2,
    );
    expect(conflict).toEqual({
      ok: false,
      conflicts: [
        {
          manager: 'kubectl-scale',
          apiVersion: 'apps/v1',
          path: ['f:spec', 'f:replicas'],
        },
      ],
    });
    // Same value is shared ownership, not a conflict.
    expect(
      serverSideApply(
        scaled,
        deployment(3, 'web:2'),
        'kubectl',
        'apps/v1',
        false,
        T2,
      ).ok,
    ).toBe(true);
    const forced = serverSideApply(
      scaled,
      deployment(1, 'web:2'),
      'kubectl',
      'apps/v1',
      true,
      T2,
    );
    if (!forced.ok) throw new Error('forced apply conflicted');
    expect((forced.object.spec as { replicas: number }).replicas).toBe(1);
    expect(forced.managedFields.map(m => m.manager)).toEqual(['kubectl']);
  });

  it('removes fields the manager applied before and leaves out now', () => {
    const first = serverSideApply(
      undefined,
      deployment(1, 'web:1', { command: ['run'] }),
      'mgr',
      'apps/v1',
      false,
      T1,
    );
    if (!first.ok) throw new Error('conflict');
    const live = {
      ...first.object,
      metadata: {
        ...first.object.metadata,
        managedFields: first.managedFields,
      },
    };
    const second = serverSideApply(
      live,
      deployment(1, 'web:1'),
      'mgr',
      'apps/v1',
      false,
      T2,
    );
    if (!second.ok) throw new Error('conflict');
    expect(
      (second.object.spec as { template: { spec: { containers: unknown[] } } })
        .template.spec.containers,
    ).toEqual([{ name: 'app', image: 'web:1' }]);
    expect(second.managedFields[0].time).toBe(T2);
  });
});
