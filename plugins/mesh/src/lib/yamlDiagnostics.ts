import type { Diagnostic } from '@codemirror/lint';
import { YamlMarker } from './lintYaml';

/**
 * CodeMirror diagnostics for the editor's markers. Positions are clamped to the document,
 * because markers computed for one version of the text may reach CodeMirror a moment after the
 * user deleted the end of it, and an out-of-range diagnostic throws.
 */
export function yamlDiagnostics(
  markers: YamlMarker[],
  docLength: number,
): Diagnostic[] {
  return markers.map(m => {
    const from = Math.min(Math.max(0, m.from), docLength);
    const to = Math.min(Math.max(from, m.to), docLength);
    return {
      from,
      to,
      severity: m.severity,
      message: m.code ? `${m.code}: ${m.message}` : m.message,
      source: m.code ? 'mesh-common' : 'yaml',
    };
  });
}
