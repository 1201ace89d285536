import { pod } from '../model/__fixtures__/objects';
import { namespaceOfPrincipal, podPrincipal, principalOf } from './principal';

describe('principals', () => {
  it('builds <trustDomain>/ns/<ns>/sa/<sa>, defaulting the service account', () => {
    expect(principalOf('a', 'web')).toBe('cluster.local/ns/a/sa/web');
    expect(principalOf('a', undefined, 'corp')).toBe('corp/ns/a/sa/default');
  });

  it('gives sidecar pods a principal and others none', () => {
    expect(podPrincipal(pod('a', 'p', {}, { serviceAccount: 'web' }))).toBe(
      'cluster.local/ns/a/sa/web',
    );
    expect(podPrincipal(pod('a', 'p', {}, { sidecar: false }))).toBeUndefined();
  });

  it('reads the namespace back', () => {
    expect(namespaceOfPrincipal('cluster.local/ns/a/sa/web')).toBe('a');
    expect(namespaceOfPrincipal('spiffe-less')).toBeUndefined();
    expect(namespaceOfPrincipal(undefined)).toBeUndefined();
  });
});
