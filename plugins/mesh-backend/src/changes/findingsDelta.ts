import { ChangeFindings, Finding } from '@meshport/plugin-mesh-common';

const keyOf = (f: Finding) =>
  [
    f.code,
    f.level,
    f.resource.kind,
    f.resource.namespace,
    f.resource.name,
    f.path,
    f.message,
  ].join('\u0000');

/**
 * What a change does to the findings: those the model after the change has and the live model
 * has not (introduced), and the reverse (fixed). Findings are compared as multisets, since two
 * member clusters may hold the same problem twice.
 */
export function findingsDelta(
  before: Finding[],
  after: Finding[],
): ChangeFindings {
  const count = new Map<string, number>();
  for (const f of before) count.set(keyOf(f), (count.get(keyOf(f)) ?? 0) + 1);
  const introduced: Finding[] = [];
  for (const f of after) {
    const k = keyOf(f);
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else introduced.push(f);
  }
  const fixed: Finding[] = [];
  for (const f of before) {
    const k = keyOf(f);
    const n = count.get(k) ?? 0;
    if (n > 0) {
      fixed.push(f);
      count.set(k, n - 1);
    }
  }
  return { introduced, fixed };
}
