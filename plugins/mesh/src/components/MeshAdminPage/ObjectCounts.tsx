import Tooltip from '@material-ui/core/Tooltip';

/**
 * The cluster cache's size: the total, with every kind in the tooltip. Missing kinds (Istio CRDs
 * not installed) are named because they explain an empty Istio table elsewhere.
 */
export function ObjectCounts(props: {
  counts: Record<string, number>;
  missingKinds: string[];
}) {
  const entries = Object.entries(props.counts).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const detail = entries.map(([kind, c]) => `${kind} ${c}`).join(', ');
  return (
    <Tooltip title={detail || 'nothing cached yet'}>
      <span>
        {total} objects
        {props.missingKinds.length > 0 && (
          <div>missing: {props.missingKinds.join(', ')}</div>
        )}
      </span>
    </Tooltip>
  );
}
