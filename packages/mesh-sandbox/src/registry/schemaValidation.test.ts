import path from 'node:path';
import { resolveFixturesDir } from '../manifests/fixturesDir';
import { readManifests } from '../manifests/readManifests';
import { crdToResourceType } from './crdToResourceType';
import { pruneUnknownFields, validateAgainstSchema } from './schemaValidation';
import { JsonSchema } from './types';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['hosts'],
      properties: {
        hosts: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        weight: { type: 'integer', minimum: 0, maximum: 100 },
        mode: { type: 'string', enum: ['A', 'B'] },
        port: { 'x-kubernetes-int-or-string': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        match: {
          type: 'object',
          properties: { exact: { type: 'string' }, prefix: { type: 'string' } },
          oneOf: [{ required: ['exact'] }, { required: ['prefix'] }],
        },
      },
    },
  },
};

describe('pruneUnknownFields', () => {
  it('drops undeclared fields and reports their paths, keeping apiVersion/kind/metadata and preserved subtrees', () => {
    const result = pruneUnknownFields(
      {
        apiVersion: 'v',
        kind: 'K',
        metadata: { name: 'x' },
        spec: {
          hosts: ['a'],
          typo: 1,
          labels: { a: 'b' },
          free: { anything: { goes: true } },
        },
        extra: true,
      },
      schema,
    );
    expect(result.unknownFields).toEqual(['spec.typo', 'extra']);
    expect(result.value).toEqual({
      apiVersion: 'v',
      kind: 'K',
      metadata: { name: 'x' },
      spec: {
        hosts: ['a'],
        labels: { a: 'b' },
        free: { anything: { goes: true } },
      },
    });
  });
});

describe('validateAgainstSchema', () => {
  it('accepts a valid object', () => {
    expect(
      validateAgainstSchema(
        {
          spec: {
            hosts: ['a'],
            weight: 5,
            mode: 'A',
            port: 'http',
            match: { exact: '/' },
          },
        },
        schema,
      ),
    ).toEqual([]);
  });

  it('reports types, required fields, enums, bounds and oneOf with field paths', () => {
    const problems = validateAgainstSchema(
      {
        spec: {
          hosts: 'a',
          weight: 101,
          mode: 'C',
          port: true,
          match: { exact: '/', prefix: '/' },
        },
      },
      schema,
    );
    expect(problems.map(p => p.field)).toEqual([
      'spec.hosts',
      'spec.weight',
      'spec.mode',
      'spec.port',
      'spec.match',
    ]);
    expect(validateAgainstSchema({ spec: {} }, schema)).toEqual([
      {
        field: 'spec.hosts',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
    expect(
      validateAgainstSchema({ spec: { hosts: ['a', 'b', 'c'] } }, schema)[0]
        .reason,
    ).toBe('FieldValueTooMany');
  });

  it('validates Istio VirtualServices against the fixture CRD schema', async () => {
    const crds = await readManifests([
      path.join(resolveFixturesDir(), 'istio-crds', 'istio-crds.yaml'),
    ]);
    const vsCrd = crds.find(
      c => c.metadata.name === 'virtualservices.networking.istio.io',
    )!;
    const type = crdToResourceType(vsCrd).type!;
    const vsSchema = type.schemas.v1;
    const good = {
      spec: {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 100 },
            ],
          },
        ],
      },
    };
    expect(validateAgainstSchema(good, vsSchema)).toEqual([]);
    const bad = {
      spec: {
        hosts: 'reviews',
        http: [
          { route: [{ destination: { host: 'reviews' }, weight: 'heavy' }] },
        ],
      },
    };
    expect(validateAgainstSchema(bad, vsSchema).map(p => p.field)).toEqual(
      expect.arrayContaining(['spec.hosts', 'spec.http[0].route[0].weight']),
    );
    expect(
      pruneUnknownFields({ spec: { hosts: ['a'], htpp: [] } }, vsSchema)
        .unknownFields,
    ).toEqual(['spec.htpp']);
  });
});
