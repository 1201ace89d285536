import { MeshIndex } from '../index/MeshIndex';
import { bookinfoKube } from '../model/__fixtures__/bookinfo';
import { istio } from '../model/__fixtures__/objects';
import { KubeObject } from '../../kube/types';
import { effectiveMtls } from './effectiveMtls';

const pa = (
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  creationTimestamp?: string,
) => istio('PeerAuthentication', namespace, name, spec, { creationTimestamp });
const reviews = { namespace: 'bookinfo', pod: 'reviews-v1-0' };
const build = (...objects: KubeObject[]) =>
  MeshIndex.build([...bookinfoKube(), ...objects]);

describe('effectiveMtls', () => {
  it('defaults to PERMISSIVE with no policy', () => {
    const d = effectiveMtls(build(), reviews, 9080);
    expect(d).toMatchObject({
      mode: 'PERMISSIVE',
      level: 'default',
      policy: null,
    });
  });

  it('uses the mesh policy in the root namespace', () => {
    const d = effectiveMtls(
      build(pa('istio-system', 'default', { mtls: { mode: 'STRICT' } })),
      reviews,
      9080,
    );
    expect(d).toMatchObject({
      mode: 'STRICT',
      level: 'mesh',
      policy: { namespace: 'istio-system', name: 'default' },
    });
  });

  it('lets the namespace override the mesh, and the workload the namespace, and the port the workload', () => {
    const objs = [
      pa('istio-system', 'mesh', { mtls: { mode: 'STRICT' } }),
      pa('bookinfo', 'ns', { mtls: { mode: 'PERMISSIVE' } }),
      pa('bookinfo', 'reviews', {
        selector: { matchLabels: { app: 'reviews' } },
        mtls: { mode: 'STRICT' },
        portLevelMtls: { '9080': { mode: 'DISABLE' } },
      }),
    ];
    const index = build(...objs);
    expect(effectiveMtls(index, reviews, 9080)).toMatchObject({
      mode: 'DISABLE',
      level: 'port',
      policy: { name: 'reviews' },
    });
    expect(effectiveMtls(index, reviews, 15000)).toMatchObject({
      mode: 'STRICT',
      level: 'workload',
    });
    expect(effectiveMtls(index, reviews)).toMatchObject({
      mode: 'STRICT',
      level: 'workload',
    });
    expect(
      effectiveMtls(
        index,
        { namespace: 'bookinfo', pod: 'ratings-v1-0' },
        9080,
      ),
    ).toMatchObject({ mode: 'PERMISSIVE', level: 'namespace' });
    expect(
      effectiveMtls(index, { namespace: 'legacy', pod: 'sleep-0' }, 80),
    ).toMatchObject({ mode: 'STRICT', level: 'mesh' });
  });

  it('inherits through UNSET at every level', () => {
    const index = build(
      pa('istio-system', 'mesh', { mtls: { mode: 'STRICT' } }),
      pa('bookinfo', 'ns', { mtls: { mode: 'UNSET' } }),
      pa('bookinfo', 'reviews', {
        selector: { matchLabels: { app: 'reviews' } },
        portLevelMtls: { '9080': { mode: 'UNSET' } },
      }),
    );
    const d = effectiveMtls(index, reviews, 9080);
    expect(d).toMatchObject({ mode: 'STRICT', level: 'mesh' });
    expect(d.steps.filter(s => s.kind === 'inherit')).toHaveLength(3);
  });

  it('ignores portLevelMtls without a selector', () => {
    const index = build(
      pa('bookinfo', 'ns', {
        mtls: { mode: 'STRICT' },
        portLevelMtls: { '9080': { mode: 'DISABLE' } },
      }),
    );
    const d = effectiveMtls(index, reviews, 9080);
    expect(d).toMatchObject({ mode: 'STRICT', level: 'namespace' });
    expect(d.steps.some(s => s.kind === 'ignored')).toBe(true);
  });

  it('does not apply a workload policy to unselected pods, nor root-namespace selectors to other namespaces', () => {
    const index = build(
      pa('bookinfo', 'ratings-only', {
        selector: { matchLabels: { app: 'ratings' } },
        mtls: { mode: 'STRICT' },
      }),
      pa('istio-system', 'root-selector', {
        selector: { matchLabels: { app: 'reviews' } },
        mtls: { mode: 'DISABLE' },
      }),
    );
    expect(effectiveMtls(index, reviews, 9080).mode).toBe('PERMISSIVE');
    expect(
      effectiveMtls(
        index,
        { namespace: 'bookinfo', labels: { app: 'ratings' } },
        9080,
      ).mode,
    ).toBe('STRICT');
  });

  it('names conflicting policies at one level and uses the oldest', () => {
    const index = build(
      pa(
        'bookinfo',
        'newer',
        { mtls: { mode: 'DISABLE' } },
        '2022-01-01T00:00:00Z',
      ),
      pa(
        'bookinfo',
        'older',
        { mtls: { mode: 'STRICT' } },
        '2021-01-01T00:00:00Z',
      ),
    );
    const d = effectiveMtls(index, reviews, 9080);
    expect(d.mode).toBe('STRICT');
    expect(d.policy?.name).toBe('older');
    expect(d.conflicts[0]).toMatch(
      /2 namespace-level PeerAuthentications apply .*bookinfo\/older/,
    );
  });
});

describe('effectiveMtls on a live index', () => {
  it('follows upserts and removals after earlier answers, and hands out independent results', () => {
    const index = build();
    const first = effectiveMtls(index, reviews, 9080);
    expect(first.mode).toBe('PERMISSIVE');
    first.steps.push({ kind: 'mutated', message: 'caller scribbles' });
    expect(
      effectiveMtls(index, reviews, 9080).steps.some(s => s.kind === 'mutated'),
    ).toBe(false);
    index.upsert(pa('bookinfo', 'ns', { mtls: { mode: 'STRICT' } }));
    expect(effectiveMtls(index, reviews, 9080)).toMatchObject({
      mode: 'STRICT',
      level: 'namespace',
    });
    index.remove({
      kind: 'PeerAuthentication',
      namespace: 'bookinfo',
      name: 'ns',
    });
    expect(effectiveMtls(index, reviews, 9080).mode).toBe('PERMISSIVE');
  });
});
