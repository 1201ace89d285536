import { KubeObject } from '@meshport/plugin-mesh-common';
import { MeshModel } from './MeshModel';

const vs = (name: string, subset: string, rv = '1'): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo', resourceVersion: rv },
  spec: {
    hosts: [name],
    http: [{ route: [{ destination: { host: name, subset } }] }],
  },
});

const spec = {
  key: 'demo',
  mesh: 'demo',
  clusters: ['east', 'west'],
  options: {
    rootNamespace: 'mesh-root',
    domain: 'corp.local',
    trustDomain: 'corp',
    revision: 'canary',
  },
};

describe('MeshModel', () => {
  it("passes the mesh's registered options to the engines' index", () => {
    const model = new MeshModel(spec, []);
    expect(model.index).toMatchObject({
      rootNamespace: 'mesh-root',
      domain: 'corp.local',
      trustDomain: 'corp',
      revision: 'canary',
    });
  });

  it('keeps the same namespace/name of two clusters apart, and applies events one at a time', () => {
    const model = new MeshModel(spec, [
      { cluster: 'east', objects: [vs('reviews', 'v1')] },
      { cluster: 'west', objects: [vs('reviews', 'v2')] },
    ]);
    const subsetIn = (cluster: string) =>
      model.index.get<
        KubeObject<{
          http: Array<{ route: Array<{ destination: { subset: string } }> }>;
        }>
      >('VirtualService', 'bookinfo', 'reviews', cluster)?.spec?.http[0]
        .route[0].destination.subset;
    expect(subsetIn('east')).toBe('v1');
    expect(subsetIn('west')).toBe('v2');

    const seen: number[] = [];
    model.onChange(g => seen.push(g));
    const before = model.generation;
    model.apply('east', { type: 'upsert', object: vs('reviews', 'v3', '2') });
    expect(subsetIn('east')).toBe('v3');
    expect(subsetIn('west')).toBe('v2');
    expect(model.generation).toBeGreaterThan(before);
    expect(seen).toEqual([model.generation]);

    model.apply('west', { type: 'delete', object: vs('reviews', 'v2') });
    expect(subsetIn('west')).toBeUndefined();
    expect(subsetIn('east')).toBe('v3');
  });

  it("replaces a cluster's objects of one kind on a relist, leaving other clusters and kinds alone", () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'bookinfo' },
    };
    const model = new MeshModel(spec, [
      {
        cluster: 'east',
        objects: [vs('reviews', 'v1'), vs('ratings', 'v1'), ns],
      },
      { cluster: 'west', objects: [vs('ratings', 'v1')] },
    ]);
    model.apply('east', {
      type: 'reset',
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
      objects: [vs('details', 'v1')],
    });
    expect(
      model.index.all('VirtualService', 'east').map(o => o.metadata.name),
    ).toEqual(['details']);
    expect(
      model.index.all('VirtualService', 'west').map(o => o.metadata.name),
    ).toEqual(['ratings']);
    expect(model.index.namespace('bookinfo', 'east')).toBeDefined();
  });
});
