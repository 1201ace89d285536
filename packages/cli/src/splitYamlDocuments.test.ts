import fs from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { firstContentLine, splitYamlDocuments } from './splitYamlDocuments';
import { yamlCoreSchema } from './yamlCoreSchema';

const BOOKINFO = path.resolve(
  __dirname,
  '../../../../shared/fixtures/istio-samples/bookinfo',
);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir).flatMap(e => {
    const p = path.join(dir, e);
    if (fs.statSync(p).isDirectory()) return yamlFiles(p);
    return p.endsWith('.yaml') ? [p] : [];
  });
}

describe('splitYamlDocuments', () => {
  it('cuts at --- lines and says where each document starts', () => {
    const docs = splitYamlDocuments(
      '# head\na: 1\n---\nb: 2\n--- # c\nc: 3\n---\n',
    )!;
    expect(docs).toEqual([
      { text: '# head\na: 1\n', firstLine: 1 },
      { text: '---\nb: 2\n', firstLine: 3 },
      { text: '--- # c\nc: 3\n', firstLine: 5 },
      { text: '---\n', firstLine: 7 },
    ]);
    expect(docs.map(firstContentLine)).toEqual([2, 4, 6, 7]);
  });

  it('does not cut at --- that is scalar text or part of a longer token', () => {
    const docs = splitYamlDocuments(
      'a: |\n  ---\n  x\nb: ----\nc: "---"\n---x: 1\n',
    )!;
    expect(docs).toHaveLength(1);
  });

  it('cuts CRLF streams and gives up on directives', () => {
    expect(
      splitYamlDocuments('a: 1\r\n---\r\nb: 2\r\n')!.map(d => d.firstLine),
    ).toEqual([1, 2]);
    expect(splitYamlDocuments('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
    expect(splitYamlDocuments('')).toEqual([{ text: '', firstLine: 1 }]);
  });

  it('finds content on the marker line', () => {
    expect(firstContentLine({ text: '--- {a: 1}\n', firstLine: 9 })).toBe(9);
    expect(
      firstContentLine({ text: '---\n\n  # x\n  a: 1\n', firstLine: 3 }),
    ).toBe(6);
  });

  it('reads every Bookinfo sample, document by document, to what the yaml library reads from the whole file', () => {
    const files = yamlFiles(BOOKINFO);
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const reference = parseAllDocuments(text);
      const expected = Array.isArray(reference)
        ? reference
            .map(d => d.toJS())
            .filter(v => v !== null && v !== undefined)
        : [];
      const got = splitYamlDocuments(text)!
        .map(d => jsyaml.load(d.text, { schema: yamlCoreSchema }))
        .filter(v => v !== null && v !== undefined);
      expect({ file, docs: got }).toEqual({ file, docs: expected });
    }
  });
});
