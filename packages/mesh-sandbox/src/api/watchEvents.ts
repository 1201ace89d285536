import { cloneJson } from '../util/cloneJson';
import { StoreEvent, KubeObject } from '../store/types';
import { ListQuery, matchesQuery } from './ObjectReader';

export type WatchEventType =
  'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/**
 * What a watcher with selectors sees of a store event, as the apiserver's cacher decides:
 * an object that starts matching is ADDED, one that stops matching is DELETED (its previous
 * state at the new resourceVersion), and unrelated changes are not sent at all.
 */
export function filterWatchEvent(
  event: StoreEvent,
  query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>,
): WatchEvent | undefined {
  const matchesNow =
    event.type !== 'DELETED' && matchesQuery(event.object, query);
  const matchedBefore =
    event.previous !== undefined && matchesQuery(event.previous, query);
  if (event.type === 'DELETED') {
    return matchedBefore
      ? { type: 'DELETED', object: event.object }
      : undefined;
  }
  if (matchesNow && (event.type === 'ADDED' || !matchedBefore)) {
    return { type: 'ADDED', object: event.object };
  }
  if (matchesNow) {
    return { type: 'MODIFIED', object: event.object };
  }
  if (matchedBefore) {
    const leaving = cloneJson(event.previous!);
    leaving.metadata.resourceVersion = String(event.revision);
    return { type: 'DELETED', object: leaving };
  }
  return undefined;
}
