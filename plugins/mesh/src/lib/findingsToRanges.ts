import { Finding } from '@meshport/plugin-mesh-common';
import { Document, isMap, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { parseFieldPath } from './fieldPath';
import { lineOf, lineStartOffsets } from './textLines';

/** Where in the YAML text a finding belongs: character offsets for the editor and a 1-based line. */
export interface FindingRange {
  finding: Finding;
  from: number;
  to: number;
  line: number;
}

type Range = [number, number];

/**
 * Places each finding on the line of the field its path names, so a marker sits on `weight:`
 * rather than on the whole resource. When the path goes deeper than the text (a required field
 * that is missing), the finding lands on the deepest part that exists: the map that lacks it.
 */
export function findingsToRanges(
  yamlText: string,
  findings: Finding[],
): FindingRange[] {
  const doc = parseDocument(yamlText);
  const lineStarts = lineStartOffsets(yamlText);
  return findings.map(finding => {
    const [start, end] =
      locate(doc, parseFieldPath(finding.path)) ?? documentStart(doc);
    // One line is enough to point at a field; underlining a whole nested block hides the rest.
    const line = lineOf(lineStarts, start);
    const lineEnd =
      line < lineStarts.length ? lineStarts[line] - 1 : yamlText.length;
    return {
      finding,
      from: start,
      to: Math.max(start, Math.min(end, lineEnd)),
      line,
    };
  });
}

function locate(
  doc: Document,
  segments: Array<string | number>,
): Range | undefined {
  let node: unknown = doc.contents;
  let found: Range | undefined = rangeOf(node);
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        p => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      // The key's own range: the marker belongs on `weight:`, even when the value is a block below.
      found = rangeOf(pair.key) ?? found;
      node = pair.value;
    } else if (
      isSeq(node) &&
      typeof segment === 'number' &&
      segment < node.items.length
    ) {
      node = node.items[segment];
      found = rangeOf(node) ?? found;
    } else {
      break;
    }
  }
  return found;
}

function rangeOf(node: unknown): Range | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function documentStart(doc: Document): Range {
  return rangeOf(doc.contents) ?? [0, 0];
}
