import { applyJsonPatch } from './jsonPatch';

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = {
    spec: { replicas: 1, containers: [{ name: 'a', image: 'a:1' }], 'a/b': 1 },
  };

  it('adds, removes, replaces, moves, copies and tests without touching the input', () => {
    const result = applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      {
        op: 'add',
        path: '/spec/containers/-',
        value: { name: 'b', image: 'b:1' },
      },
      { op: 'add', path: '/spec/containers/0/env', value: [] },
      { op: 'copy', from: '/spec/containers/1/image', path: '/spec/image' },
      { op: 'move', from: '/spec/a~1b', path: '/spec/moved' },
      { op: 'remove', path: '/spec/containers/0/env' },
      { op: 'test', path: '/spec/replicas', value: 3 },
    ]);
    expect(result).toEqual({
      spec: {
        replicas: 3,
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
        image: 'b:1',
        moved: 1,
      },
    });
    expect(doc.spec.replicas).toBe(1);
  });

  it('fails the whole patch on a failed test, a missing path or a bad index', () => {
    expect(() =>
      applyJsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }]),
    ).toThrow('testing value /spec/replicas failed');
    expect(() =>
      applyJsonPatch(doc, [{ op: 'replace', path: '/spec/nope', value: 1 }]),
    ).toThrow('does not exist');
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/spec/containers/5' }]),
    ).toThrow('out of bounds');
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow('array');
  });
});
