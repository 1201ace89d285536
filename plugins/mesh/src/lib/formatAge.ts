/**
 * How long ago an ISO time was, in the compact form the Mesh views use ("12 s ago", "3 min ago").
 * `now` is a parameter so the views can re-render on their polling tick and tests stay exact.
 */
export function formatAge(
  iso: string | undefined,
  now: number,
): string | undefined {
  if (!iso) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  // Clocks of browser and backend differ a little; a time "in the future" is simply now.
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
