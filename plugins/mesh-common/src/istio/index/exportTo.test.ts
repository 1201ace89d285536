import { isExportedTo, parseExportAnnotation } from './exportTo';

describe('isExportedTo', () => {
  it.each<[string[] | undefined, string, boolean]>([
    [undefined, 'any', true],
    [[], 'any', true],
    [['*'], 'any', true],
    [['.'], 'own', true],
    [['.'], 'other', false],
    [['b', 'c'], 'b', true],
    [['b', 'c'], 'own', false],
    [['~'], 'own', false],
    [['.', 'b'], 'b', true],
  ])('%j to %s → %s', (exportTo, to, want) => {
    expect(isExportedTo(exportTo, 'own', to)).toBe(want);
  });

  it('uses the mesh default when the resource says nothing', () => {
    expect(isExportedTo(undefined, 'own', 'other', ['.'])).toBe(false);
    expect(isExportedTo(['*'], 'own', 'other', ['.'])).toBe(true);
  });

  it('parses the Service annotation', () => {
    expect(parseExportAnnotation(' ., ns1 ,')).toEqual(['.', 'ns1']);
    expect(parseExportAnnotation(undefined)).toBeUndefined();
  });
});
