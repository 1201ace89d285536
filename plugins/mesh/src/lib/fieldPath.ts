/**
 * Splits a finding's field path (`spec.http[0].route[1].weight`, `metadata.labels["app.kubernetes.io/name"]`)
 * into keys and indexes. The format is mesh-common's `joinPath`: dotted identifiers, `[n]` for
 * list items and a JSON-quoted `["…"]` for keys that are not identifiers.
 */
export function parseFieldPath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  // Sticky and global: matching stops at the first character that fits no segment form.
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}
