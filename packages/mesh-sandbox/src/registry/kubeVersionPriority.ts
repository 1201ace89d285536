/**
 * Kubernetes' version ordering for API versions (apimachinery's CompareKubeAwareVersionStrings):
 * GA before beta before alpha, higher numbers first; names that are not versions sort last, alphabetically.
 */

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function rank(version: string): [number, number, number] | undefined {
  const match = KUBE_VERSION.exec(version);
  if (!match) {
    return undefined;
  }
  const stability: Record<string, number> = { alpha: 1, beta: 2 };
  return [
    match[2] === undefined ? 3 : stability[match[2]],
    Number(match[1]),
    match[3] === undefined ? 0 : Number(match[3]),
  ];
}

/** Negative when `a` has higher priority than `b` (usable directly with Array.sort). */
export function compareKubeVersions(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (!ra && !rb) {
    return a.localeCompare(b);
  }
  if (!ra) {
    return 1;
  }
  if (!rb) {
    return -1;
  }
  for (let i = 0; i < 3; i += 1) {
    if (ra[i] !== rb[i]) {
      return rb[i] - ra[i];
    }
  }
  return 0;
}

export function sortByKubeVersionPriority(versions: string[]): string[] {
  return [...versions].sort(compareKubeVersions);
}
