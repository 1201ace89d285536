/** One document's text inside a YAML stream, and the 1-based line of the file it starts on. */
export interface YamlDocumentText {
  text: string;
  firstLine: number;
}

// A line starting with `---` followed by a space, tab or the line's end always opens a document:
// YAML forbids such a line inside any scalar (l-forbidden-content), so splitting on it is exact.
const MARKER = /^---(?:[ \t\r\n]|$)/;

/**
 * Splits a YAML stream into its documents' texts, each beginning at its `---` line. Returns
 * undefined for streams with directives (`%YAML`, `%TAG`), whose documents cannot be read apart.
 */
export function splitYamlDocuments(
  text: string,
): YamlDocumentText[] | undefined {
  const docs: YamlDocumentText[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  for (let pos = 0; pos < text.length; line++) {
    const end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    if (text.charCodeAt(pos) === 37 /* % */) return undefined;
    if (
      pos > start &&
      text.startsWith('---', pos) &&
      MARKER.test(text.slice(pos, pos + 4))
    ) {
      docs.push({ text: text.slice(start, pos), firstLine: startLine });
      start = pos;
      startLine = line;
    }
    pos = next;
  }
  if (start < text.length || docs.length === 0)
    docs.push({ text: text.slice(start), firstLine: startLine });
  return docs;
}

/**
 * The line a document's content starts on: the first line that is not blank, a comment or a bare
 * `---` marker (content may follow the marker on its own line).
 */
export function firstContentLine(doc: YamlDocumentText): number {
  const lines = doc.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (MARKER.test(l)) l = l.slice(3);
    l = l.trim();
    if (l !== '' && !l.startsWith('#')) return doc.firstLine + i;
  }
  return doc.firstLine;
}
