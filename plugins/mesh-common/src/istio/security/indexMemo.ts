import { MeshIndex } from '../index/MeshIndex';

/**
 * A per-index memo that empties itself whenever the index changes (its generation moves), so
 * engines can reuse answers across the many requests that hit the same workloads.
 */
export function indexMemo<V>(): (
  index: MeshIndex,
  key: string,
  compute: () => V,
) => V {
  const memos = new WeakMap<
    MeshIndex,
    { generation: number; entries: Map<string, V> }
  >();
  return (index, key, compute) => {
    let memo = memos.get(index);
    if (!memo || memo.generation !== index.generation) {
      memo = { generation: index.generation, entries: new Map() };
      memos.set(index, memo);
    }
    const hit = memo.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    // Bound the memory a long-lived index can pin.
    if (memo.entries.size >= 50_000) memo.entries.clear();
    memo.entries.set(key, value);
    return value;
  };
}

const keysOfLabelSets = new WeakMap<Record<string, string>, string>();

/**
 * A stable text key for a label set. Keys are remembered per label object: the same pod's labels
 * are keyed several times per decision, and index objects are replaced on change, never edited.
 */
export function labelsKey(labels: Record<string, string>): string {
  let key = keysOfLabelSets.get(labels);
  if (key === undefined) {
    key = Object.keys(labels)
      .sort()
      .map(k => `${k}=${labels[k]}`)
      .join('\u0001');
    keysOfLabelSets.set(labels, key);
  }
  return key;
}
