import {
  headerNameProblem,
  hostProblem,
  portProblem,
  regexProblem,
} from './fieldFormats';

describe('field formats', () => {
  it('accepts Istio host forms', () => {
    for (const h of [
      'reviews',
      'reviews.prod',
      'reviews.prod.svc.cluster.local',
      '*.example.com',
      '*',
      'api.example.com.',
      '10.0.0.1',
    ]) {
      expect(hostProblem(h)).toBeUndefined();
    }
  });
  it('rejects malformed hosts', () => {
    expect(hostProblem('')).toMatch(/empty/);
    expect(hostProblem('foo.*.com')).toMatch(/leftmost/);
    expect(hostProblem('*foo.com')).toMatch(/leftmost/);
    expect(hostProblem('bad_host')).toMatch(/DNS/);
    expect(hostProblem('*', false)).toMatch(/not allowed/);
  });
  it('checks header names', () => {
    expect(headerNameProblem('x-user')).toBeUndefined();
    expect(headerNameProblem(':authority')).toBeUndefined();
    expect(headerNameProblem('bad header')).toMatch(/not a valid/);
    expect(headerNameProblem('')).toMatch(/empty/);
  });
  it('compiles regexes as RE2 would', () => {
    expect(regexProblem('^/api/(?P<v>v[0-9]+)/.*')).toBeUndefined();
    expect(regexProblem('([a-z')).toMatch(/does not compile/);
    expect(regexProblem('(?=x)y')).toMatch(/lookaround/);
    expect(regexProblem('(a)\\1')).toMatch(/backreference/);
  });
  it('checks port ranges', () => {
    expect(portProblem(80)).toBeUndefined();
    expect(portProblem(0)).toMatch(/1 to 65535/);
    expect(portProblem(70000)).toMatch(/1 to 65535/);
    expect(portProblem('80')).toMatch(/1 to 65535/);
  });
});
