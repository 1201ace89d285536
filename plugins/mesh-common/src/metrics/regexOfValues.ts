/** `value` as a regex that matches exactly it: every regex metacharacter escaped. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching exactly these values (escaped, so a value is never read as a pattern). */
export function anyOfValues(values: string[]): string {
  return values.map(escapeRegex).join('|');
}
