import jsyaml from 'js-yaml';
import { parseDocument } from 'yaml';
import { yamlCoreSchema } from './yamlCoreSchema';

const SCALARS = [
  'yes',
  'no',
  'on',
  'True',
  'FALSE',
  'tRue',
  'null',
  'Null',
  '~',
  '',
  '0777',
  '0o17',
  '0x1F',
  '0X1F',
  '1_000',
  '0b101',
  '1e3',
  '.5',
  '+.5',
  '+12',
  '-0',
  '.inf',
  '-.Inf',
  '.NaN',
  '2024-01-01',
  '12:30',
  '1.',
  '"1"',
  '!!str 1',
  "'quoted'",
  '!!int "3"',
  '!!bool true',
  '!!null ""',
];

describe('yamlCoreSchema', () => {
  it('resolves every plain and tagged scalar as the yaml library (YAML 1.2 core) does', () => {
    for (const scalar of SCALARS) {
      const text = `k: ${scalar}\n`;
      const expected = (parseDocument(text).toJS() as { k: unknown }).k;
      const got = (
        jsyaml.load(text, { schema: yamlCoreSchema }) as { k: unknown }
      ).k;
      expect({ scalar, value: got, type: typeof got }).toEqual({
        scalar,
        value: expected,
        type: typeof expected,
      });
    }
  });

  it('differs from js-yaml’s own core schema where that one departs from YAML 1.2 core', () => {
    const read = (schema: jsyaml.Schema) =>
      jsyaml.load('a: 0b101\nb: +.5\n', { schema });
    expect(read(yamlCoreSchema)).toEqual({ a: '0b101', b: 0.5 });
    expect(read(jsyaml.CORE_SCHEMA)).not.toEqual({ a: '0b101', b: 0.5 });
  });

  it('keeps timestamps and sexagesimal numbers as strings, as Kubernetes manifests expect', () => {
    expect(
      jsyaml.load('d: 2024-01-01\nt: 12:30\nv: 1.10\n', {
        schema: yamlCoreSchema,
      }),
    ).toEqual({ d: '2024-01-01', t: '12:30', v: 1.1 });
  });
});
