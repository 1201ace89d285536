import {
  analyze,
  Finding,
  FindingLevel,
  KubeObject,
  MeshIndex,
  validateResource,
} from '@meshport/plugin-mesh-common';
import { parseAllDocuments, YAMLError } from 'yaml';
import { findingsToRanges } from './findingsToRanges';
import { lineOf, lineStartOffsets } from './textLines';

export type YamlMarkerSeverity = 'error' | 'warning' | 'info';

/** One problem in the editor's text, placed where CodeMirror can underline it. */
export interface YamlMarker {
  from: number;
  to: number;
  /** 1-based. */
  line: number;
  severity: YamlMarkerSeverity;
  message: string;
  /** IST/MSH code for findings of mesh-common; absent for YAML syntax errors. */
  code?: string;
}

export interface YamlLintResult {
  markers: YamlMarker[];
  /** The parsed object, when the text is one YAML mapping. */
  object?: Record<string, unknown>;
}

const SEVERITY: Record<FindingLevel, YamlMarkerSeverity> = {
  Error: 'error',
  Warning: 'warning',
  Info: 'info',
};

/**
 * Everything the browser can tell about a manifest before the backend sees it: YAML syntax,
 * the CRD schema and Istio's field rules (`validateResource`), and mesh-common's analyzers run
 * on the object alone. The backend runs the same checks against the whole mesh on preview;
 * this is the early, local half, so a typo is marked while typing.
 */
export function lintYaml(text: string): YamlLintResult {
  const lineStarts = lineStartOffsets(text);
  const marker = (
    from: number,
    to: number,
    severity: YamlMarkerSeverity,
    message: string,
  ): YamlMarker => ({
    from,
    to,
    line: lineOf(lineStarts, from),
    severity,
    message,
  });

  const docs = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(docs) || docs.length === 0) {
    return { markers: [marker(0, 0, 'error', 'The manifest is empty')] };
  }
  const [doc, ...more] = docs;
  const syntax = [...doc.errors, ...more.flatMap(d => d.errors)].map(e =>
    syntaxMarker(e, 'error', marker),
  );
  const warnings = doc.warnings.map(w => syntaxMarker(w, 'warning', marker));
  if (more.length > 0) {
    const start = more[0].range[0];
    syntax.push(
      marker(
        start,
        start,
        'error',
        'Edit one resource at a time: remove the second document',
      ),
    );
  }
  if (syntax.length > 0) return { markers: [...syntax, ...warnings] };

  const object = doc.toJS() as unknown;
  if (
    !isPlainObject(object) ||
    typeof object.kind !== 'string' ||
    typeof object.apiVersion !== 'string'
  ) {
    return {
      markers: [
        ...warnings,
        marker(
          0,
          0,
          'error',
          'Expected a Kubernetes object: a mapping with apiVersion, kind and metadata',
        ),
      ],
    };
  }
  const findings = localFindings(object as unknown as KubeObject);
  const placed = findingsToRanges(text, findings).map(r => ({
    ...marker(r.from, r.to, SEVERITY[r.finding.level], r.finding.message),
    code: r.finding.code,
  }));
  return { markers: [...warnings, ...placed], object };
}

/** True when the text has a problem that must block a preview. */
export function hasErrors(result: YamlLintResult): boolean {
  return result.markers.some(m => m.severity === 'error');
}

function localFindings(object: KubeObject): Finding[] {
  const validation = validateResource(object);
  // Analyzers assume schema-valid input and may trip over half-typed objects; fix the schema first.
  if (validation.some(f => f.level === 'Error')) return validation;
  const name = object.metadata?.name;
  const namespace = object.metadata?.namespace ?? 'default';
  try {
    const analyzed = analyze(MeshIndex.build([object]), {
      skipValidation: true,
    }).filter(
      f =>
        f.resource.kind === object.kind &&
        f.resource.name === name &&
        f.resource.namespace === namespace,
    );
    return [...validation, ...analyzed];
  } catch {
    // An analyzer crash on an odd object must not break typing; the backend analyzes again on preview.
    return validation;
  }
}

function syntaxMarker(
  error: YAMLError,
  severity: YamlMarkerSeverity,
  marker: (
    from: number,
    to: number,
    severity: YamlMarkerSeverity,
    message: string,
  ) => YamlMarker,
): YamlMarker {
  const [from, to] = error.pos;
  return marker(from, Math.max(from, to), severity, error.message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
