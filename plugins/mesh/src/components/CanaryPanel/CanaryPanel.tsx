import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { useCanaryManagePermission } from '../../hooks/useCanaryManagePermission';
import { usePolledValue } from '../../hooks/usePolledValue';
import { isActiveCanary } from '../../lib/canaryText';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { CanaryCard } from './CanaryCard';
import { CanaryHistory } from './CanaryHistory';

/** How often a progressing canary is re-read: a step is a minute or so, its verdict should show at once. */
export const PROGRESSING_REFRESH_MS = 3_000;

export interface CanaryPanelProps {
  entityRef: MeshEntityRef;
  /** The tab's refresh interval; used while no canary is progressing. */
  refreshIntervalMs: number;
  /** The canary a `?canary=<id>` link names: shown expanded and scrolled to. */
  selectedId?: string;
  /**
   * Called when a canary's state or weight moved (a step, a rollback, an action here), so the tab
   * refetches the routing the canary rewrote.
   */
  onChanged?: () => void;
}

/**
 * The entity's canary releases on the Traffic tab: a card per running or paused canary, the
 * finished ones as a history. Renders nothing for an entity that never had a canary.
 */
export function CanaryPanel(props: CanaryPanelProps) {
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = props.entityRef;
  const key = `${kind}:${namespace}/${name}`;
  const permission = useCanaryManagePermission(
    formatEntityRef(props.entityRef),
  );

  // Every 3 s while a canary is progressing, else at the tab's pace. usePolledValue starts over
  // (no value) when its interval changes; the last list stays on screen meanwhile, so switching
  // rates does not blank the panel.
  const [fast, setFast] = useState(false);
  const polled = usePolledValue(
    () => meshApi.listEntityCanaries({ kind, namespace, name }),
    fast
      ? Math.min(PROGRESSING_REFRESH_MS, props.refreshIntervalMs)
      : props.refreshIntervalMs,
    [meshApi, kind, namespace, name],
  );
  const last = useRef<{ key: string; value: CanaryRecord[] }>();
  if (polled.value) last.current = { key, value: polled.value };
  const canaries =
    polled.value ??
    (last.current?.key === key ? last.current.value : undefined);
  const anyProgressing = !!canaries?.some(c => c.state === 'progressing');
  useEffect(() => setFast(anyProgressing), [anyProgressing]);

  // Tell the tab when any canary moved; not on the first answer, which is no change.
  const onChanged = useRef(props.onChanged);
  onChanged.current = props.onChanged;
  const signature = canaries
    ?.map(c => `${c.id}:${c.state}:${c.weight}`)
    .join(',');
  // Per entity: another entity's list is not a move of this one's canaries.
  const seen = useRef<{ key: string; signature: string }>();
  useEffect(() => {
    if (signature === undefined) return;
    const before = seen.current;
    if (before?.key === key && before.signature !== signature)
      onChanged.current?.();
    seen.current = { key, signature };
  }, [key, signature]);

  if (!canaries) {
    // Nothing while the first answer loads: most entities never had a canary.
    if (!polled.error) return null;
    return (
      <Alert severity="error">
        Could not load the canary releases: {describeApiError(polled.error)}
      </Alert>
    );
  }
  const missing =
    props.selectedId !== undefined &&
    !canaries.some(c => c.id === props.selectedId);
  if (canaries.length === 0 && !missing) return null;

  const now = Date.now();
  const active = canaries.filter(isActiveCanary);
  const finished = canaries.filter(c => !isActiveCanary(c));
  return (
    <Box
      display="flex"
      flexDirection="column"
      gridGap={24}
      data-testid="canary-panel"
    >
      {polled.error && (
        <Alert severity="warning">
          Could not refresh the canary releases; showing the last answer:{' '}
          {describeApiError(polled.error)}
        </Alert>
      )}
      {missing && (
        <Alert severity="info">
          Canary {props.selectedId} is not one of this entity's canary releases.
        </Alert>
      )}
      {active.map(c => (
        <CanaryCard
          key={c.id}
          canary={c}
          now={now}
          selected={c.id === props.selectedId}
          permission={permission}
          // The refreshed list moves the signature above, which tells the tab.
          onChanged={() => polled.refresh()}
        />
      ))}
      {finished.length > 0 && (
        <CanaryHistory
          canaries={finished}
          now={now}
          selectedId={props.selectedId}
        />
      )}
    </Box>
  );
}
