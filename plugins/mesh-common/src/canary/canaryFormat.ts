/**
 * Numbers and durations as the canary's verdicts, events and plan summary show them. Shared so the
 * backend's history and the Traffic tab print the same words.
 */

function significant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  // Whole digits are never rounded away (12345 stays 12345, not 12350).
  const decimals = Math.min(100, Math.max(0, digits - 1 - magnitude));
  return String(Number(value.toFixed(decimals)));
}

/**
 * A measured value to 4 significant digits (`98.2`, `720`, `0.4`), with more digits when 4 would
 * print it the same as the bound it is compared with: `98.99996 % is below the minimum 99 %`
 * rather than a confusing `99 % is below the minimum 99 %`.
 */
export function formatCanaryNumber(value: number, bound?: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : String(value);
  const shownBound = bound === undefined ? undefined : String(bound);
  for (let digits = 4; digits <= 17; digits++) {
    const text = significant(value, digits);
    if (value === bound || text !== shownBound) return text;
  }
  return String(value);
}

/** `45 s`, `1 min`, `1 min 30 s`, `2 h`, `1 h 5 min`. */
export function formatCanaryDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new TypeError(`not a duration in seconds: ${seconds}`);
  const total = Math.round(seconds);
  if (total === 0) return '0 s';
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h} h` : '', min ? `${min} min` : '', s ? `${s} s` : '']
    .filter(Boolean)
    .join(' ');
}

/** `98.2 %`, `720 ms`, `0.4`: a unit-less value stands alone. */
export function withUnit(text: string, unit: string): string {
  return unit ? `${text} ${unit}` : text;
}
