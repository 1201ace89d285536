import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lineOf, loadManifests } from './loadManifests';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-load-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('loadManifests', () => {
  it('gives each object of a multi-document file and each List item its own lines', () => {
    const file = write(
      'multi.yaml',
      [
        '# leading comment',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: a}',
        'spec:',
        '  ports:',
        '  - port: 80',
        '---',
        '# a comment-only document follows',
        '---   # marker with a comment',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: Service',
        '  metadata: {name: b}',
        '- apiVersion: v1',
        '  kind: Service',
        '  metadata:',
        '    name: c',
        '  spec:',
        '    ports:',
        '    - port: 81',
        '--- {apiVersion: v1, kind: Namespace, metadata: {name: prod}}',
        '--- 42',
        '',
      ].join('\n'),
    );
    const { objects, problems } = loadManifests([file]);
    expect(objects.map(o => o.object.metadata.name)).toEqual([
      'a',
      'b',
      'c',
      'prod',
    ]);
    const [a, b, c, prod] = objects;
    expect(lineOf(a, 'spec.ports[0].port')).toBe(7);
    expect(lineOf(b, 'metadata.name')).toBe(16);
    expect(lineOf(c, 'spec.ports[0].port')).toBe(23);
    // A field that does not exist points at its deepest existing parent.
    expect(lineOf(c, 'spec.ports[0].targetPort')).toBe(23);
    expect(lineOf(prod, 'metadata.name')).toBe(24);
    expect(a.object.metadata.namespace).toBe('default');
    expect(prod.object.metadata.namespace).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ code: 'MSH0003', line: 25 }),
    ]);
  });

  it('reports YAML errors with their line, in any document, and still reads the file’s good documents', () => {
    const file = write(
      'bad.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: [b\n',
    );
    const { objects, problems } = loadManifests([file]);
    expect(objects.map(o => o.object.metadata.name)).toEqual(['ok']);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toMatchObject({ code: 'MSH0002', line: 9, file });
  });

  it('reports duplicate keys, which kubectl refuses, instead of keeping one of them', () => {
    const file = write(
      'dup.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n',
    );
    const { objects, problems } = loadManifests([file]);
    expect(objects).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'MSH0002', line: 5 });
    expect(problems[0].message).toMatch(/unique/);
  });

  it('reads streams with directives and CRLF line ends', () => {
    const directives = write(
      'dir.yaml',
      '%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: d}\n',
    );
    const crlf = write(
      'crlf.yaml',
      'apiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: e}\r\n---\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: f\r\n',
    );
    const { objects } = loadManifests([directives, crlf]);
    expect(objects.map(o => o.object.metadata.name)).toEqual(['d', 'e', 'f']);
    expect(lineOf(objects[0], 'metadata.name')).toBe(5);
    expect(lineOf(objects[2], 'metadata.name')).toBe(8);
  });

  it('keeps a block scalar whose text holds --- inside the indentation', () => {
    const file = write(
      'block.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata:\n  f: |\n    a\n    ---\n    b\n',
    );
    const { objects } = loadManifests([file]);
    expect(objects).toHaveLength(1);
    expect(
      (objects[0].object as unknown as { data: { f: string } }).data.f,
    ).toBe('a\n---\nb\n');
  });
});
