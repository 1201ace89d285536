/**
 * Istio's `exportTo` visibility: `*` everywhere, `.` the resource's own namespace, `~` nowhere,
 * or namespace names. An empty or missing list means the mesh default, which is `*` unless the
 * mesh config says otherwise (the caller passes that default).
 */
export function isExportedTo(
  exportTo: readonly string[] | undefined,
  ownNamespace: string,
  toNamespace: string,
  meshDefault: readonly string[] = ['*'],
): boolean {
  const list = exportTo && exportTo.length > 0 ? exportTo : meshDefault;
  for (const e of list) {
    if (e === '*') return true;
    if (e === '.' && toNamespace === ownNamespace) return true;
    if (e === toNamespace) return true;
  }
  return false;
}

/** Services export through an annotation, comma-separated, with the same vocabulary. */
export const SERVICE_EXPORT_ANNOTATION = 'networking.istio.io/exportTo';

export function parseExportAnnotation(
  value: string | undefined,
): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
