import { applyMergePatch } from './mergePatch';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, removes keys set to null and replaces arrays', () => {
    const target = {
      spec: { replicas: 1, selector: { app: 'a' }, ports: [1, 2] },
      keep: true,
    };
    const patched = applyMergePatch(target, {
      spec: { replicas: 3, selector: null, ports: [9] },
    });
    expect(patched).toEqual({ spec: { replicas: 3, ports: [9] }, keep: true });
    expect(target.spec.replicas).toBe(1);
  });

  it('follows the RFC examples', () => {
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(applyMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({
      a: [1],
    });
    expect(applyMergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(applyMergePatch({ a: 'b' }, ['c'])).toEqual(['c']);
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({
      a: { bb: {} },
    });
  });
});
