#!/usr/bin/env node
// Turns Istio's and the Gateway API's CRD manifests into a compact data module that the pure
// validator in src/istio/validation reads. Run from plugins/mesh-common:
//   node scripts/generateCrdSchemas.mjs [--check] [crd.yaml ...]
// --check writes nothing: it exits 1 when the committed module differs from what the CRDs give
// (a test runs it, so a changed fixture cannot leave the validator on stale schemas).
// Why generated rather than read at runtime: mesh-common does no I/O and must run in the browser.
// Why compacted: descriptions and printer columns are 90% of the bytes and validation needs none of
// them; identical versions of a kind share one schema; and subtrees repeated many times (traffic
// policies, string matches) are stored once in `defs` and referenced as { $ref: n }.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
// eslint-disable-next-line @backstage/no-undeclared-imports -- dev tooling; yaml comes from the workspace root
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const fixtures = path.resolve(pkg, '../../../shared/fixtures/istio-crds');
const check = process.argv.includes('--check');
const args = process.argv.slice(2).filter(a => a !== '--check');
const inputs = args.length
  ? args
  : [
      path.join(fixtures, 'istio-crds.yaml'),
      path.join(fixtures, 'gateway-api-crds.yaml'),
    ];
const out = path.join(pkg, 'src/istio/validation/crdSchemas.gen.ts');

const KEEP = [
  'type',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'pattern',
  'format',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'nullable',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
];

// CEL is a full language; the validator understands only the rule shapes Istio's CRDs use most.
// Each recognised rule becomes a small tagged object; the rest are counted and left out.
let celKept = 0;
let celDropped = 0;
function compileCel(rule, message) {
  const r = rule.replace(/\s+/g, ' ').trim();
  const dur = r.match(/^duration\(self\) >= duration\('([^']+)'\)$/);
  if (dur) return { k: 'durMin', v: dur[1], m: message };
  if (r === '0 < self && self <= 65535') return { k: 'port', m: message };
  if (r === '!self.contains("*")') return { k: 'noStar', m: message };
  if (r === 'self != "*"') return { k: 'notStar', m: message };
  if (r === 'self.all(key, !key.contains("*"))')
    return { k: 'keysNoStar', m: message };
  if (r === 'self.all(key, key.size() != 0)')
    return { k: 'keysNonEmpty', m: message };
  if (r === 'self.size() == 0') return { k: 'empty', m: message };
  if (r === 'has(self.address) || has(self.network)')
    return { k: 'anyOf', f: ['address', 'network'], m: message };
  if (r === 'self.all(l1, self.exists_one(l2, l1.number == l2.number))')
    return { k: 'unique', f: 'number', m: message };
  if (
    /^\(has\(self\.\w+\) \? 1 : 0\)( \+ \(has\(self\.\w+\) \? 1 : 0\))+ <= 1$/.test(
      r,
    )
  ) {
    return {
      k: 'oneOf',
      f: [...r.matchAll(/has\(self\.(\w+)\)/g)].map(x => x[1]),
      m: message,
    };
  }
  const scheme = r.match(/^url\(self\)\.getScheme\(\) in \[(.*)\]$/);
  if (scheme) {
    return {
      k: 'scheme',
      v: [...scheme[1].matchAll(/"([^"]+)"/g)].map(x => x[1]),
      m: message,
    };
  }
  return undefined;
}

function compact(node) {
  if (Array.isArray(node)) return node.map(compact);
  if (!node || typeof node !== 'object') return node;
  const outNode = {};
  for (const key of KEEP) {
    if (!(key in node)) continue;
    const v = node[key];
    if (key === 'properties') {
      outNode.properties = Object.fromEntries(
        Object.entries(v).map(([k, s]) => [k, compact(s)]),
      );
    } else if (key === 'x-kubernetes-validations') {
      const rules = [];
      for (const x of v) {
        const c = compileCel(x.rule, x.message);
        if (c) {
          celKept++;
          if (!c.m) delete c.m;
          rules.push(c);
        } else celDropped++;
      }
      if (rules.length) outNode.cel = rules;
    } else if (key === 'x-kubernetes-int-or-string') {
      outNode.intOrString = v;
    } else if (key === 'x-kubernetes-preserve-unknown-fields') {
      outNode.preserve = v;
    } else if (typeof v === 'object') {
      outNode[key] = compact(v);
    } else outNode[key] = v;
  }
  return outNode;
}

// Shares subtrees that occur more than once (bottom-up, by content hash) to keep the module small.
function share(schemas) {
  const counts = new Map();
  const hash = n => createHash('sha1').update(JSON.stringify(n)).digest('hex');
  const walkCount = n => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach(walkCount);
      return;
    }
    const s = JSON.stringify(n);
    if (s.length > 200) counts.set(hash(n), (counts.get(hash(n)) ?? 0) + 1);
    Object.values(n).forEach(walkCount);
  };
  schemas.forEach(walkCount);
  const defs = [];
  const index = new Map();
  const rewrite = n => {
    if (!n || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(rewrite);
    const h = JSON.stringify(n).length > 200 ? hash(n) : undefined;
    const inner = Object.fromEntries(
      Object.entries(n).map(([k, v]) => [
        k,
        k === 'properties'
          ? Object.fromEntries(
              Object.entries(v).map(([pk, pv]) => [pk, rewrite(pv)]),
            )
          : rewrite(v),
      ]),
    );
    if (h && (counts.get(h) ?? 0) > 1) {
      if (!index.has(h)) {
        index.set(h, defs.length);
        defs.push(inner);
      }
      return { $ref: index.get(h) };
    }
    return inner;
  };
  return { roots: schemas.map(rewrite), defs };
}

const kinds = [];
const rawSchemas = [];
const seen = new Map();
for (const file of inputs) {
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions } = crd.spec;
    for (const v of versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) continue;
      const c = compact(schema);
      const key = JSON.stringify(c);
      if (!seen.has(key)) {
        seen.set(key, rawSchemas.length);
        rawSchemas.push(c);
      }
      kinds.push({
        group,
        version: v.name,
        kind: names.kind,
        namespaced: scope === 'Namespaced',
        served: v.served !== false,
        schema: seen.get(key),
      });
    }
  }
}
const { roots, defs } = share(rawSchemas);
const data = { kinds, schemas: roots, defs };
const header = `// GENERATED by plugins/mesh-common/scripts/generateCrdSchemas.mjs — do not edit by hand.
// Source: the openAPIV3Schema of each version of Istio's CRDs (istio/istio
// manifests/charts/base/files/crd-all.gen.yaml) and of the Kubernetes Gateway API CRDs (bundle v1.6.0,
// experimental channel), both from istio/istio at commit 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c.
// License of the source data: Apache-2.0 (Copyright Istio Authors; Copyright The Kubernetes Authors).
// Descriptions are removed; ${celKept} CEL rules are kept as tagged checks, ${celDropped} that the validator does
// not understand are left out.
/* eslint-disable */
import type { CrdSchemaData } from './schemaTypes';

export const crdSchemaData: CrdSchemaData = ${JSON.stringify(data)};
`;
if (check) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== header) {
    process.stderr.write(
      `${path.relative(process.cwd(), out)} is stale: regenerate it with node scripts/generateCrdSchemas.mjs\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${path.relative(process.cwd(), out)} is current\n`);
  process.exit(0);
}
fs.writeFileSync(out, header);
process.stdout.write(
  `wrote ${path.relative(process.cwd(), out)}: ${kinds.length} kind versions, ${rawSchemas.length} schemas, ${defs.length} shared subtrees, ${(header.length / 1024).toFixed(0)} KiB; CEL kept ${celKept}, dropped ${celDropped}\n`,
);
