import { parseUnifiedDiff } from './parseUnifiedDiff';

describe('parseUnifiedDiff', () => {
  it('reads a diff with file headers into numbered rows', () => {
    const diff = [
      '--- bookinfo/VirtualService/reviews (live)',
      '+++ bookinfo/VirtualService/reviews (after)',
      '@@ -8,3 +8,3 @@',
      '         - destination:',
      '             host: reviews',
      '-            subset: v1',
      '+            subset: v3',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { type: 'hunk', text: '@@ -8,3 +8,3 @@' },
      {
        type: 'context',
        oldNumber: 8,
        newNumber: 8,
        text: '        - destination:',
      },
      {
        type: 'context',
        oldNumber: 9,
        newNumber: 9,
        text: '            host: reviews',
      },
      { type: 'delete', oldNumber: 10, text: '            subset: v1' },
      { type: 'insert', newNumber: 10, text: '            subset: v3' },
    ]);
  });

  it('accepts hunks without file headers', () => {
    expect(
      parseUnifiedDiff(
        '@@ -0,0 +1,2 @@\n+kind: VirtualService\n+metadata: {}\n',
      ).map(r => r.type),
    ).toEqual(['hunk', 'insert', 'insert']);
  });

  it('gives nothing for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});
