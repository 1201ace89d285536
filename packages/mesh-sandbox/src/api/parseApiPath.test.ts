import { parseApiPath } from './parseApiPath';

describe('parseApiPath', () => {
  it('recognises discovery paths', () => {
    expect(parseApiPath('/api')).toEqual({ kind: 'core-root' });
    expect(parseApiPath('/apis')).toEqual({ kind: 'groups-root' });
    expect(parseApiPath('/apis/apps')).toEqual({
      kind: 'group',
      group: 'apps',
    });
    expect(parseApiPath('/api/v1')).toEqual({
      kind: 'group-version',
      group: '',
      version: 'v1',
    });
    expect(parseApiPath('/apis/networking.istio.io/v1')).toEqual({
      kind: 'group-version',
      group: 'networking.istio.io',
      version: 'v1',
    });
    expect(parseApiPath('/metrics')).toBeUndefined();
  });

  it('splits namespaced, cluster-wide and subresource paths', () => {
    expect(
      parseApiPath('/api/v1/namespaces/bookinfo/pods/p/status'),
    ).toMatchObject({
      namespace: 'bookinfo',
      resource: 'pods',
      name: 'p',
      subresource: 'status',
    });
    expect(parseApiPath('/apis/apps/v1/deployments')).toMatchObject({
      group: 'apps',
      resource: 'deployments',
      namespace: undefined,
    });
    expect(parseApiPath('/api/v1/namespaces')).toMatchObject({
      resource: 'namespaces',
      name: undefined,
    });
    expect(parseApiPath('/api/v1/namespaces/bookinfo')).toMatchObject({
      resource: 'namespaces',
      name: 'bookinfo',
      namespace: undefined,
    });
  });

  it('reads namespace subresources as such, not as resources in the namespace', () => {
    expect(parseApiPath('/api/v1/namespaces/bookinfo/finalize')).toMatchObject({
      resource: 'namespaces',
      name: 'bookinfo',
      subresource: 'finalize',
    });
    expect(parseApiPath('/api/v1/namespaces/bookinfo/status')).toMatchObject({
      resource: 'namespaces',
      name: 'bookinfo',
      subresource: 'status',
    });
  });

  it('supports the legacy /watch/ prefix', () => {
    expect(parseApiPath('/api/v1/watch/namespaces/x/pods')).toMatchObject({
      legacyWatch: true,
      namespace: 'x',
      resource: 'pods',
    });
  });
});
