import { analyze, Finding, indexKindOf } from '@meshport/plugin-mesh-common';
import { MeshModel } from './MeshModel';

interface Memo {
  generation: number;
  findings: Finding[];
  byResource: Map<string, Finding[]>;
}

const resourceKey = (r: {
  apiVersion?: string;
  kind: string;
  namespace: string;
  name: string;
}) =>
  `${r.apiVersion ? indexKindOf({ apiVersion: r.apiVersion, kind: r.kind }) : r.kind}\u0000${r.namespace}\u0000${r.name}`;

/**
 * Every analyzer's findings on a live model, computed once per model generation and shared by the
 * views (findings at their resources' fields) and the write path (the "before" side of a preview).
 */
export class ModelFindings {
  private readonly memo = new Map<string, Memo>();

  private of(model: MeshModel): Memo {
    const known = this.memo.get(model.key);
    if (known && known.generation === model.generation) return known;
    const generation = model.generation;
    const findings = analyze(model.index);
    const byResource = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = resourceKey(f.resource);
      const list = byResource.get(key);
      if (list) list.push(f);
      else byResource.set(key, [f]);
    }
    const memo = { generation, findings, byResource };
    this.memo.set(model.key, memo);
    return memo;
  }

  /** All findings of the model as it is now. */
  all(model: MeshModel): Finding[] {
    return this.of(model).findings;
  }

  /** The findings on one resource. */
  forResource(
    model: MeshModel,
    resource: {
      apiVersion?: string;
      kind: string;
      namespace: string;
      name: string;
    },
  ): Finding[] {
    return this.of(model).byResource.get(resourceKey(resource)) ?? [];
  }
}
