import { canonicalJson, fnv32a, podTemplateHash } from './podTemplateHash';

describe('podTemplateHash', () => {
  it('is FNV-1a 32', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('ignores key order and uses the safe alphabet', () => {
    const a = podTemplateHash({
      metadata: { labels: { app: 'x', v: '1' } },
      spec: { containers: [] },
    });
    const b = podTemplateHash({
      spec: { containers: [] },
      metadata: { labels: { v: '1', app: 'x' } },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(
      '{"a":[2,{"c":4,"d":3}],"b":1}',
    );
  });

  it('changes with the template and the collision count', () => {
    const template = { spec: { containers: [{ name: 'a', image: 'x:1' }] } };
    expect(podTemplateHash(template)).not.toBe(
      podTemplateHash({ spec: { containers: [{ name: 'a', image: 'x:2' }] } }),
    );
    expect(podTemplateHash(template)).not.toBe(podTemplateHash(template, 1));
  });
});
