import { MeshModel } from './MeshModel';

/**
 * A view's answers per (entity, cluster, model generation). A change to the model bumps its
 * generation, so stale answers are never hit again; the oldest are dropped past `limit`.
 */
export class GenerationMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit = 5000) {}

  get(entityRef: string, cluster: string, model: MeshModel, build: () => T): T {
    const key = `${entityRef}\u0000${cluster}\u0000${model.key}\u0000${model.generation}`;
    let value = this.entries.get(key);
    if (value === undefined) {
      value = build();
      if (this.entries.size >= this.limit)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, value);
    }
    return value;
  }
}
