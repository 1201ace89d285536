import { KubeObject } from '@meshport/plugin-mesh-common';
import { NamespacedObjectMap } from './NamespacedObjectMap';

const obj = (name: string, namespace?: string, rv = '1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, resourceVersion: rv },
});

describe('NamespacedObjectMap', () => {
  it('groups by namespace, replaces on update and counts distinct objects', () => {
    const m = new NamespacedObjectMap();
    m.set(obj('a', 'x'));
    m.set(obj('b', 'x'));
    m.set(obj('a', 'y'));
    m.set(obj('a', 'x', '2'));
    m.set(obj('node-1'));
    expect(m.size).toBe(4);
    expect(
      m
        .values('x')
        .map(o => `${o.metadata.name}@${o.metadata.resourceVersion}`),
    ).toEqual(['a@2', 'b@1']);
    expect(m.values('missing')).toEqual([]);
    expect(m.values().length).toBe(4);
  });

  it('deletes and replaces everything on relist', () => {
    const m = new NamespacedObjectMap();
    m.set(obj('a', 'x'));
    m.delete({ metadata: { name: 'a', namespace: 'x' } });
    m.delete({ metadata: { name: 'a', namespace: 'x' } });
    expect(m.size).toBe(0);
    m.set(obj('b', 'x'));
    m.replaceAll([obj('c', 'y')]);
    expect(m.values().map(o => o.metadata.name)).toEqual(['c']);
    expect(m.size).toBe(1);
  });
});
