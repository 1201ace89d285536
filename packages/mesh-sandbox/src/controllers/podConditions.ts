import { KubeObject } from '../store/types';

interface Condition {
  type: string;
  status: string;
  [key: string]: unknown;
}

export function podConditions(pod: KubeObject): Condition[] {
  return ((pod.status as { conditions?: Condition[] } | undefined)
    ?.conditions ?? []) as Condition[];
}

export function isPodReady(pod: KubeObject): boolean {
  return podConditions(pod).some(
    c => c.type === 'Ready' && c.status === 'True',
  );
}

/** Counts toward a controller's replicas: not being deleted and not finished. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return (
    !pod.metadata.deletionTimestamp &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

/**
 * Replaces a condition list entry, keeping lastTransitionTime when the status did not
 * change, so repeated reconciles produce identical objects (and no new resourceVersion).
 */
export function mergeCondition<T extends Condition>(
  existing: T[] | undefined,
  next: T,
  now: string,
  timeFields: string[],
): T[] {
  const list = [...(existing ?? [])];
  const index = list.findIndex(c => c.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const merged: Record<string, unknown> = { ...next };
  for (const field of timeFields) {
    const unchanged =
      previous &&
      previous.status === next.status &&
      previous.reason === next.reason;
    merged[field] =
      unchanged && previous[field] !== undefined ? previous[field] : now;
  }
  if (index >= 0) list[index] = merged as T;
  else list.push(merged as T);
  return list;
}
