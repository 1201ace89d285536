import { useEntity } from '@backstage/plugin-catalog-react';
import { entityMeshSelector } from '@meshport/plugin-mesh-common';
import { MeshEntityGate } from '../EntityMeshContent/MeshEntityGate';
import { EntitySecurityView } from './EntitySecurityView';

/** Props of the Security entity tab. */
export interface EntitySecurityContentProps {
  /** How often the tab re-fetches, in milliseconds. Default 10 000: the backend answers from its cache. */
  refreshIntervalMs?: number;
  /** The window of observed traffic compared with the access matrix; the backend's default (5m) when absent. */
  window?: string;
}

/**
 * The pods the entity's annotation picks by equality (`app=ratings`): what the wizards put in a
 * policy's selector so it applies to exactly the entity's workloads. Set-based terms cannot be
 * written as `matchLabels`; they are left out, which only widens the target within the namespace.
 */
function useEntityLabels(): Record<string, string> {
  const { entity } = useEntity();
  const selection = entityMeshSelector(entity);
  if (!selection.ok) return {};
  return Object.fromEntries(
    selection.selector.terms
      .filter(t => t.op === 'eq' && t.values.length === 1)
      .map(t => [t.key, t.values[0]]),
  );
}

/**
 * The Security tab of a catalog entity: the mTLS each workload enforces and why, the policies that
 * apply in words, who may call whom next to what was seen, "may A call B", and wizards that write
 * policies through the change pipeline. Checks the entity's annotations first, like the Mesh tab.
 */
export function EntitySecurityContent(props: EntitySecurityContentProps) {
  const labels = useEntityLabels();
  return (
    <MeshEntityGate>
      {entityRef => (
        <EntitySecurityView
          entityRef={entityRef}
          selector={labels}
          window={props.window}
          refreshIntervalMs={props.refreshIntervalMs ?? 10_000}
        />
      )}
    </MeshEntityGate>
  );
}
