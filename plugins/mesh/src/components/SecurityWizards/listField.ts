/** A comma- or line-separated list as the wizards' inputs take it; empty entries dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean);
}

/** Ports typed as text; anything that is not a number stays NaN so the generator names the field. */
export function splitPorts(text: string): number[] {
  return splitList(text).map(Number);
}
