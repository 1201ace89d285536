import { ObjectStore } from './ObjectStore';
import { StoreError } from './StoreError';
import { StoreEvent } from './types';

const pod = (name: string, namespace = 'ns') => ({
  metadata: { name, namespace },
});

describe('ObjectStore', () => {
  it('stamps every write with the next value of one cluster-wide revision', () => {
    const store = new ObjectStore();
    const a = store.create('/pods', pod('a'));
    const b = store.create('apps/deployments', pod('b'));
    const a2 = store.update('/pods', a);
    const deleted = store.delete('apps/deployments', 'ns', 'b');
    expect(
      [a, b, a2, deleted].map(o => Number(o.metadata.resourceVersion)),
    ).toEqual([1, 2, 3, 4]);
    expect(store.revision).toBe(4);
  });

  it('rejects duplicates, stale updates and missing objects', () => {
    const store = new ObjectStore();
    const a = store.create('/pods', pod('a'));
    expect(() => store.create('/pods', pod('a'))).toThrow(
      expect.objectContaining({ reason: 'AlreadyExists' }),
    );
    store.update('/pods', a, a.metadata.resourceVersion);
    expect(() => store.update('/pods', a, a.metadata.resourceVersion)).toThrow(
      expect.objectContaining({ reason: 'Conflict' }),
    );
    expect(() => store.delete('/pods', 'ns', 'nope')).toThrow(StoreError);
  });

  it('lists in key order, optionally per namespace, and returns copies', () => {
    const store = new ObjectStore();
    store.create('/pods', pod('b', 'y'));
    store.create('/pods', pod('a', 'y'));
    store.create('/pods', pod('z', 'x'));
    expect(
      store
        .list('/pods')
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual(['x/z', 'y/a', 'y/b']);
    expect(store.list('/pods', 'y')).toHaveLength(2);
    store.list('/pods')[0].metadata.name = 'changed';
    expect(store.get('/pods', 'x', 'z')).toBeDefined();
  });

  it('replays events after a resourceVersion, then delivers live ones in order', () => {
    const store = new ObjectStore();
    const a = store.create('/pods', pod('a'));
    store.update('/pods', a);
    store.create('/pods', pod('other', 'elsewhere'));
    const seen: StoreEvent[] = [];
    store.watch(
      { resource: '/pods', namespace: 'ns', sinceRevision: 1 },
      event => seen.push(event),
    );
    store.delete('/pods', 'ns', 'a');
    expect(seen.map(e => [e.type, e.revision])).toEqual([
      ['MODIFIED', 2],
      ['DELETED', 4],
    ]);
    expect(seen[1].previous?.metadata.resourceVersion).toBe('2');
  });

  it('expires watches that start before the bounded history window (410)', () => {
    const store = new ObjectStore(3);
    for (let i = 0; i < 5; i += 1) store.create('/pods', pod(`p${i}`));
    expect(store.compactedRevision('/pods')).toBe(2);
    expect(() =>
      store.watch({ resource: '/pods', sinceRevision: 1 }, () => {}),
    ).toThrow(expect.objectContaining({ reason: 'Expired' }));
    const seen: number[] = [];
    store.watch({ resource: '/pods', sinceRevision: 2 }, event =>
      seen.push(event.revision),
    );
    expect(seen).toEqual([3, 4, 5]);
  });

  it('keeps a window per resource, so churn elsewhere does not expire a quiet resource', () => {
    const store = new ObjectStore(2);
    store.create('/configmaps', pod('quiet'));
    for (let i = 0; i < 10; i += 1) store.create('/pods', pod(`p${i}`));
    expect(() =>
      store.watch({ resource: '/configmaps', sinceRevision: 1 }, () => {}),
    ).not.toThrow();
  });

  it('stops delivering after unsubscribe', () => {
    const store = new ObjectStore();
    const seen: string[] = [];
    const stop = store.watch({ resource: '/pods' }, event =>
      seen.push(event.type),
    );
    const unsubscribe = store.subscribe(event =>
      seen.push(`all:${event.type}`),
    );
    store.create('/pods', pod('a'));
    stop();
    unsubscribe();
    store.create('/pods', pod('b'));
    expect(seen).toEqual(['ADDED', 'all:ADDED']);
  });

  it('reconstructs a resource as it was at an earlier revision from its history', () => {
    const store = new ObjectStore(10);
    store.create('/pods', {
      metadata: { name: 'b', namespace: 'ns', labels: { v: '1' } },
    });
    store.create('/pods', pod('c'));
    const at = store.revision;
    const b = store.get('/pods', 'ns', 'b')!;
    store.update('/pods', {
      ...b,
      metadata: { ...b.metadata, labels: { v: '2' } },
    });
    store.delete('/pods', 'ns', 'c');
    store.create('/pods', pod('a'));
    store.create('/pods', pod('z', 'other'));
    const then = store.peekAt('/pods', 'ns', at);
    expect(then.map(o => [o.metadata.name, o.metadata.labels?.v])).toEqual([
      ['b', '1'],
      ['c', undefined],
    ]);
    expect(
      store
        .peekAt('/pods', undefined, store.revision)
        .map(o => o.metadata.name),
    ).toEqual(['a', 'b', 'z']);
    for (let i = 0; i < 10; i += 1) store.create('/pods', pod(`fill-${i}`));
    expect(() => store.peekAt('/pods', 'ns', at)).toThrow(
      expect.objectContaining({ reason: 'Expired' }),
    );
  });

  it('finds the objects an owner controls through its uid, following changes of owner', () => {
    const store = new ObjectStore();
    const owned = (name: string, uid: string) => ({
      metadata: {
        name,
        namespace: 'ns',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid,
            controller: true,
          },
        ],
      },
    });
    store.create('/pods', owned('p1', 'u1'));
    const p2 = store.create('/pods', owned('p2', 'u1'));
    store.create('/pods', pod('free'));
    expect(store.peekOwnedBy('/pods', 'u1').map(o => o.metadata.name)).toEqual([
      'p1',
      'p2',
    ]);
    store.update('/pods', {
      ...p2,
      metadata: {
        ...p2.metadata,
        ownerReferences: owned('p2', 'u2').metadata.ownerReferences,
      },
    });
    store.delete('/pods', 'ns', 'p1');
    expect(store.peekOwnedBy('/pods', 'u1')).toEqual([]);
    expect(store.peekOwnedBy('/pods', 'u2').map(o => o.metadata.name)).toEqual([
      'p2',
    ]);
    expect(Object.isFrozen(store.peekOwnedBy('/pods', 'u2')[0])).toBe(true);
  });
});
