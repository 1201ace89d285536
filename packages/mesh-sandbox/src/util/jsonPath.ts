/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`, `.a[*].b` and
 * `.a[?(@.type=="Ready")].status`. Returns every value the path reaches.
 */
export function evaluateJsonPath(root: unknown, path: string): unknown[] {
  const steps =
    path.replace(/^\{|\}$/g, '').match(/\.[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if (step.startsWith('.')) {
        const child = (value as Record<string, unknown>)[step.slice(1)];
        if (child !== undefined) next.push(child);
        continue;
      }
      if (!Array.isArray(value)) continue;
      const inner = step.slice(1, -1);
      const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']?([^"']*)["']?\)$/.exec(
        inner,
      );
      if (inner === '*') {
        next.push(...value);
      } else if (filter) {
        next.push(
          ...value.filter(
            item =>
              item !== null &&
              typeof item === 'object' &&
              String((item as Record<string, unknown>)[filter[1]]) ===
                filter[2],
          ),
        );
      } else if (/^-?\d+$/.test(inner)) {
        const index =
          Number(inner) < 0 ? value.length + Number(inner) : Number(inner);
        if (value[index] !== undefined) next.push(value[index]);
      }
    }
    current = next;
  }
  return current;
}
