import { generateMesh } from './generateMesh';

describe('generateMesh', () => {
  it('builds N × M × K workloads with Istio config and a cross-namespace DAG call graph', () => {
    const { objects, callGraph } = generateMesh({
      namespaces: 2,
      services: 4,
      versions: 3,
    });
    const count = (kind: string) => objects.filter(o => o.kind === kind).length;
    expect([
      count('Namespace'),
      count('Service'),
      count('Deployment'),
      count('DestinationRule'),
      count('Gateway'),
      count('AuthorizationPolicy'),
    ]).toEqual([2, 8, 24, 8, 1, 2]);
    // Three HTTP services per namespace have a splitting VirtualService, plus one ingress route each.
    expect(count('VirtualService')).toBe(8);
    const vs = objects.find(
      o => o.kind === 'VirtualService' && o.metadata.name === 'svc-000',
    ) as
      | { spec: { http: Array<{ route: Array<{ weight: number }> }> } }
      | undefined;
    expect(vs?.spec.http[0].route.map(r => r.weight)).toEqual([33, 33, 34]);
    expect(callGraph.entries.map(e => e.host)).toEqual([
      'mesh-000.example.com',
      'mesh-001.example.com',
    ]);
    expect(
      callGraph.edges
        .filter(e => e.protocol === 'tcp')
        .map(e => `${e.from.namespace}/${e.from.service}->${e.to.service}`),
    ).toEqual([
      'mesh-000/svc-001->svc-003',
      'mesh-000/svc-002->svc-003',
      'mesh-001/svc-001->svc-003',
      'mesh-001/svc-002->svc-003',
    ]);
    expect(
      callGraph.edges.some(
        e => e.from.namespace === 'mesh-000' && e.to.namespace === 'mesh-001',
      ),
    ).toBe(true);
  });
});
