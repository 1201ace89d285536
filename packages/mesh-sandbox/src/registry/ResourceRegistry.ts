import { sortByKubeVersionPriority } from './kubeVersionPriority';
import { ResourceType, storageKey } from './types';

export interface ApiGroupVersions {
  name: string;
  /** Most preferred first. */
  versions: string[];
}

/** The kinds one cluster serves: built-ins plus whatever CustomResourceDefinitions are established. */
export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();

  constructor(initial: ResourceType[] = []) {
    for (const type of initial) {
      this.register(type);
    }
  }

  register(type: ResourceType): void {
    this.types.set(storageKey(type), type);
  }

  unregister(group: string, plural: string): void {
    this.types.delete(storageKey({ group, plural }));
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  byStorageKey(key: string): ResourceType | undefined {
    return this.types.get(key);
  }

  /** The type at `/apis/<group>/<version>/<plural>`, only when that version is served. */
  lookup(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    const type = this.types.get(storageKey({ group, plural }));
    return type && type.versions.includes(version) ? type : undefined;
  }

  /** Finds the type for a manifest's apiVersion and kind. */
  lookupKind(
    apiVersion: string,
    kind: string,
  ): { type: ResourceType; version: string } | undefined {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
    for (const type of this.types.values()) {
      if (
        type.group === group &&
        type.kind === kind &&
        type.versions.includes(version)
      ) {
        return { type, version };
      }
    }
    return undefined;
  }

  /** Named groups (the core group is served under /api) with built-in groups first, as the apiserver lists them. */
  groups(): ApiGroupVersions[] {
    const byGroup = new Map<
      string,
      { versions: Set<string>; custom: boolean }
    >();
    for (const type of this.types.values()) {
      if (type.group === '') {
        continue;
      }
      const entry = byGroup.get(type.group) ?? {
        versions: new Set<string>(),
        custom: true,
      };
      type.versions.forEach(v => entry.versions.add(v));
      entry.custom = entry.custom && type.custom;
      byGroup.set(type.group, entry);
    }
    return [...byGroup.entries()]
      .sort(
        ([a, ea], [b, eb]) =>
          Number(ea.custom) - Number(eb.custom) || a.localeCompare(b),
      )
      .map(([name, entry]) => ({
        name,
        versions: sortByKubeVersionPriority([...entry.versions]),
      }));
  }

  resourcesIn(group: string, version: string): ResourceType[] {
    return [...this.types.values()]
      .filter(type => type.group === group && type.versions.includes(version))
      .sort((a, b) => a.plural.localeCompare(b.plural));
  }
}
