import { negotiate } from './negotiation';

describe('negotiate', () => {
  it('serves tables to kubectl get and JSON to everyone else', () => {
    const kubectlGet =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    expect(negotiate(kubectlGet, { table: true })).toEqual({
      kind: 'table',
      version: 'v1',
    });
    expect(negotiate(kubectlGet, { table: false })).toEqual({ kind: 'json' });
    expect(negotiate(undefined, { table: true })).toEqual({ kind: 'json' });
    expect(negotiate('*/*', {})).toEqual({ kind: 'json' });
  });

  it('offers aggregated discovery when asked and refuses protobuf-only clients', () => {
    const discovery =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    expect(negotiate(discovery, { aggregatedDiscovery: true })).toEqual({
      kind: 'aggregated-discovery',
      version: 'v2',
    });
    expect(negotiate(discovery, {})).toEqual({ kind: 'json' });
    expect(
      negotiate('application/vnd.kubernetes.protobuf', {}),
    ).toBeUndefined();
  });
});
