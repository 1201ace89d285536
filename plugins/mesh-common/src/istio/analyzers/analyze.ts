import { MeshIndex } from '../index/MeshIndex';
import { Finding } from '../validation/finding';
import { validateResource } from '../validation/validateResource';
import { AnalysisContext, AnalyzeOptions } from './AnalysisContext';
import { objectsToValidate } from './objectsOfInterest';
import { ANALYZERS } from './registry';

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 } as const;

/**
 * Validates every object and runs every analyzer over a mesh. Findings come sorted by level,
 * then resource, then code, so output is stable between runs.
 */
export function analyze(
  index: MeshIndex,
  options: AnalyzeOptions = {},
): Finding[] {
  const ctx = new AnalysisContext(index, options);
  if (!options.skipValidation) {
    for (const o of objectsToValidate(index))
      ctx.findings.push(...validateResource(o));
  }
  for (const a of ANALYZERS) {
    if (options.only && !options.only.includes(a.name)) continue;
    a.run(ctx);
  }
  // Plain code-unit comparison: localeCompare is an order of magnitude slower on big meshes.
  const cmp = (x: string, y: string) => {
    if (x === y) return 0;
    return x < y ? -1 : 1;
  };
  return ctx.findings.sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      cmp(a.resource.kind, b.resource.kind) ||
      cmp(a.resource.namespace, b.resource.namespace) ||
      cmp(a.resource.name, b.resource.name) ||
      cmp(a.code, b.code) ||
      cmp(a.path, b.path),
  );
}
