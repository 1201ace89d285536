import fs from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  Finding,
  isClusterScoped,
  KubeObject,
} from '@meshport/plugin-mesh-common';
import { DocumentPositions } from './DocumentPositions';
import { firstContentLine, splitYamlDocuments } from './splitYamlDocuments';
import { yamlCoreSchema } from './yamlCoreSchema';

/** Where an object came from, so findings can name a file and line. */
export interface SourcedObject {
  object: KubeObject;
  file: string;
  positions: DocumentPositions;
  /** Path of the object inside its document: [] or ['items', i] for a List. */
  prefix: Array<string | number>;
}

/** A file-level finding: YAML that does not parse, or a document that is not an object. */
export type Problem = Finding & { file: string; line: number };

export interface LoadResult {
  objects: SourcedObject[];
  /** YAML syntax errors and documents that are not Kubernetes objects, with file and line. */
  problems: Problem[];
}

export class MissingFileError extends Error {}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Expands files and directories (recursively, YAML/JSON files only, sorted for stable output). */
export function listFiles(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new MissingFileError(`no such file or directory: ${input}`);
    }
    if (stat.isDirectory()) {
      const entries = fs.readdirSync(input).sort();
      const nested = entries.map(e => path.join(input, e));
      out.push(
        ...listFiles(
          nested.filter(
            p =>
              fs.statSync(p).isDirectory() || EXTENSIONS.has(path.extname(p)),
          ),
        ),
      );
    } else out.push(input);
  }
  return out;
}

function fileProblem(
  file: string,
  line: number,
  code: string,
  message: string,
): Problem {
  return {
    code,
    level: 'Error',
    message,
    resource: { kind: 'File', namespace: '', name: file },
    path: '',
    file,
    line,
  };
}

/**
 * Reads manifests as kubectl would apply them: every document of every file; `List` objects
 * unwrapped; a namespaced object without metadata.namespace goes to `default`. Bad YAML becomes
 * a finding with its file and line instead of stopping the run.
 */
export function loadManifests(inputs: string[]): LoadResult {
  const result: LoadResult = { objects: [], problems: [] };
  for (const file of listFiles(inputs)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!readFast(file, text, result)) readWithPositions(file, text, result);
  }
  return result;
}

/**
 * Reads each document's values with js-yaml and keeps only its text for positions. Returns false,
 * having added nothing, when any document needs the full parser: a syntax error (whose message
 * and line `yaml` reports), directives, or anything js-yaml reads differently.
 */
function readFast(file: string, text: string, result: LoadResult): boolean {
  const docs = splitYamlDocuments(text);
  if (!docs) return false;
  const values: unknown[] = [];
  try {
    for (const doc of docs)
      values.push(jsyaml.load(doc.text, { schema: yamlCoreSchema }));
  } catch {
    return false;
  }
  docs.forEach((doc, i) =>
    addObjects(
      file,
      values[i],
      () => firstContentLine(doc),
      DocumentPositions.ofText(doc),
      result,
    ),
  );
  return true;
}

/** Reads a whole file with `yaml`, which reports every syntax error with its line. */
function readWithPositions(
  file: string,
  text: string,
  result: LoadResult,
): void {
  const lines = new LineCounter();
  const lastLine = text.replace(/\s+$/, '').split('\n').length;
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
  });
  // parseAllDocuments returns an EmptyStream (not an array) for an empty file.
  if (!Array.isArray(docs)) return;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        // Errors about unterminated constructs point past the end; name the last real line instead.
        const line = Math.min(lines.linePos(e.pos[0]).line, lastLine);
        result.problems.push(
          fileProblem(
            file,
            line,
            'MSH0002',
            `${file}:${line}: ${e.message.split('\n')[0]}`,
          ),
        );
      }
      continue;
    }
    const startLine = () =>
      doc.contents ? lines.linePos(doc.contents.range[0]).line : 1;
    addObjects(
      file,
      doc.toJS(),
      startLine,
      DocumentPositions.ofParsed(doc, lines),
      result,
    );
  }
}

/** Adds one document's object, or a List's items, or a problem naming the document's line. */
function addObjects(
  file: string,
  value: unknown,
  startLine: () => number,
  positions: DocumentPositions,
  result: LoadResult,
): void {
  if (value === null || value === undefined) return;
  const list = isList(value);
  const items = list ? value.items : [value];
  for (const [i, item] of items.entries()) {
    if (!isKubeObject(item)) {
      const line = startLine();
      result.problems.push(
        fileProblem(
          file,
          line,
          'MSH0003',
          `${file}:${line}: document is not a Kubernetes object (needs apiVersion, kind and metadata.name)`,
        ),
      );
      continue;
    }
    if (!item.metadata.namespace && !isClusterScoped(item.kind))
      item.metadata.namespace = 'default';
    result.objects.push({
      object: item,
      file,
      positions,
      prefix: list ? ['items', i] : [],
    });
  }
}

function isList(v: unknown): v is { items: unknown[] } {
  const o = v as { kind?: unknown; items?: unknown };
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.kind === 'string' &&
    o.kind.endsWith('List') &&
    Array.isArray(o.items)
  );
}

function isKubeObject(v: unknown): v is KubeObject {
  const o = v as Partial<KubeObject>;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    !!o.metadata &&
    typeof o.metadata === 'object' &&
    typeof o.metadata.name === 'string'
  );
}

/** `spec.http[0].route[1].weight` → ['spec', 'http', 0, 'route', 1, 'weight']. */
export function splitPath(p: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(p); m; m = re.exec(p)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/**
 * The line of a field inside a loaded object: the deepest node on the path that exists (a
 * missing required field points at its parent).
 */
export function lineOf(src: SourcedObject, fieldPath: string): number {
  return src.positions.lineOf([...src.prefix, ...splitPath(fieldPath)]);
}
