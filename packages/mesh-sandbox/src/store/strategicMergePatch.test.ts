import { applyStrategicMergePatch } from './strategicMergePatch';

const deployment = {
  metadata: { name: 'reviews', finalizers: ['a'] },
  spec: {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'reviews:1',
            env: [{ name: 'A', value: '1' }],
            ports: [{ containerPort: 9080 }],
          },
          { name: 'log', image: 'log:1' },
        ],
        tolerations: [{ key: 'x' }],
      },
    },
  },
};

describe('applyStrategicMergePatch', () => {
  it('merges containers by name, env by name, and replaces atomic lists (kubectl set image)', () => {
    const patched = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'reviews:2',
                env: [{ name: 'B', value: '2' }],
              },
            ],
            tolerations: [{ key: 'y' }],
          },
        },
      },
    }) as typeof deployment;
    expect(patched.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'reviews:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 9080 }],
      },
      { name: 'log', image: 'log:1' },
    ]);
    expect(patched.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
    expect(deployment.spec.template.spec.containers[0].image).toBe('reviews:1');
  });

  it('honours $patch delete/replace, $retainKeys, $setElementOrder and $deleteFromPrimitiveList', () => {
    const patched = applyStrategicMergePatch(deployment, {
      metadata: {
        finalizers: ['b'],
        '$deleteFromPrimitiveList/finalizers': ['a'],
      },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: {
          spec: {
            '$setElementOrder/containers': [
              { name: 'sidecar' },
              { name: 'app' },
            ],
            containers: [
              { name: 'log', $patch: 'delete' },
              { name: 'sidecar', image: 's:1' },
            ],
          },
        },
      },
    }) as typeof deployment;
    expect(patched.metadata.finalizers).toEqual(['b']);
    expect(patched.spec.strategy).toEqual({ type: 'Recreate' });
    expect(patched.spec.template.spec.containers.map(c => c.name)).toEqual([
      'sidecar',
      'app',
    ]);
    const replaced = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ $patch: 'replace' }, { name: 'only', image: 'o:1' }],
          },
        },
      },
    }) as typeof deployment;
    expect(replaced.spec.template.spec.containers).toEqual([
      { name: 'only', image: 'o:1' },
    ]);
  });

  it('merges Service ports by port', () => {
    const service = {
      spec: {
        ports: [
          { port: 80, name: 'http' },
          { port: 443, name: 'https' },
        ],
      },
    };
    expect(
      applyStrategicMergePatch(service, {
        spec: { ports: [{ port: 80, targetPort: 8080 }] },
      }),
    ).toEqual({
      spec: {
        ports: [
          { port: 80, name: 'http', targetPort: 8080 },
          { port: 443, name: 'https' },
        ],
      },
    });
  });
});
