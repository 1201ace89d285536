import { Document, LineCounter, parseDocument } from 'yaml';
import { YamlDocumentText } from './splitYamlDocuments';

interface Parsed {
  doc: Document;
  lines: LineCounter;
}

/**
 * Where the nodes of one YAML document are. Building `yaml`'s node tree costs ten times what
 * reading the values does, so it is built only when a finding first asks for a line.
 */
export class DocumentPositions {
  private parsed?: Parsed;

  private constructor(
    private readonly parse: () => Parsed,
    /** Lines of the file before the parsed text. */
    private readonly lineOffset: number,
  ) {}

  /** A document cut out of its file: positions are parsed from its text on demand. */
  static ofText(text: YamlDocumentText): DocumentPositions {
    return new DocumentPositions(() => {
      const lines = new LineCounter();
      return { doc: parseDocument(text.text, { lineCounter: lines }), lines };
    }, text.firstLine - 1);
  }

  /** A document already parsed from its whole file. */
  static ofParsed(doc: Document, lines: LineCounter): DocumentPositions {
    return new DocumentPositions(() => ({ doc, lines }), 0);
  }

  /** The line of the deepest node on the path that exists: a missing field points at its parent. */
  lineOf(path: Array<string | number>): number {
    this.parsed ??= this.parse();
    const { doc, lines } = this.parsed;
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as
        { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range)
        return this.lineOffset + lines.linePos(node.range[0]).line;
    }
    return this.lineOffset + 1;
  }
}
