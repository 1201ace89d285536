import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  isDefaultHttpRouteRule,
  ServiceState,
  shiftHttpRouteWeights,
  shiftTraffic,
} from '@meshport/plugin-mesh-common';
import { currentWeights, versionsOf } from './currentWeights';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/**
 * A Service routed by a Gateway API HTTPRoute and no VirtualService is shifted by the route's
 * backendRef weights (one backend Service per version); today's weights as percentages.
 */
function httpRouteWeights(
  state: ServiceState,
): Record<string, number> | undefined {
  if (state.virtualService || !state.httpRoute) return undefined;
  const rule = (state.httpRoute.spec?.rules ?? []).find(isDefaultHttpRouteRule);
  const refs = (rule?.backendRefs ?? []).filter(b => b.name);
  const total = refs.reduce((n, b) => n + (b.weight ?? 1), 0);
  return Object.fromEntries(
    refs.map(b => [
      b.name as string,
      total > 0 ? Math.round(((b.weight ?? 1) * 100) / total) : 0,
    ]),
  );
}

/** Splits the service's default traffic between its versions by percent. */
export function TrafficShiftingDialog(props: WizardDialogBaseProps) {
  // Only what the user typed; everything else shows today's weights.
  const id = useId();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const weightsOf = (state: ServiceState) => {
    const byRoute = httpRouteWeights(state);
    const start = byRoute ?? currentWeights(state);
    const keys = byRoute ? Object.keys(byRoute) : versionsOf(state);
    return Object.fromEntries(
      keys.map(v => [v, typed[v] ?? String(start[v] ?? 0)]),
    );
  };
  const numbers = (state: ServiceState) =>
    Object.fromEntries(
      Object.entries(weightsOf(state)).map(([v, w]) => [
        v,
        w.trim() === '' ? NaN : Number(w),
      ]),
    );
  return (
    <WizardDialog
      {...props}
      title="Traffic shifting"
      fields={state => Object.keys(weightsOf(state)).map(v => `weights.${v}`)}
      build={state =>
        httpRouteWeights(state) && state.httpRoute
          ? shiftHttpRouteWeights(
              { route: state.httpRoute, weights: numbers(state) },
              state,
            )
          : shiftTraffic({ weights: numbers(state) }, state)
      }
    >
      {(state, errorFor) => {
        const weights = weightsOf(state);
        const versions = Object.keys(weights);
        const total = Object.values(weights).reduce(
          (s, w) => s + (Number(w) || 0),
          0,
        );
        if (versions.length === 0)
          return (
            <Typography>
              No version of {state.name} is known: label its pods with{' '}
              <code>version</code> and define DestinationRule subsets.
            </Typography>
          );
        return (
          <>
            <Typography variant="body2" gutterBottom>
              {httpRouteWeights(state)
                ? `Percent of requests each backend Service of HTTPRoute ${state.httpRoute?.metadata.name} receives, when no other rule matches.`
                : 'Percent of requests each version receives, when no other rule matches. Versions at 0 receive none.'}
            </Typography>
            {versions.map(v => (
              <Box key={v} mt={1}>
                <TextField
                  id={`${id}-weight-${v}`}
                  label={`${v} (%)`}
                  type="number"
                  value={weights[v]}
                  onChange={e => setTyped(t => ({ ...t, [v]: e.target.value }))}
                  error={!!errorFor(`weights.${v}`)}
                  helperText={errorFor(`weights.${v}`)}
                  inputProps={{ min: 0, max: 100, step: 1 }}
                  fullWidth
                />
              </Box>
            ))}
            <Box mt={1}>
              <Typography
                variant="body2"
                color={total === 100 ? 'textSecondary' : 'error'}
              >
                Total: {total} %
              </Typography>
            </Box>
          </>
        );
      }}
    </WizardDialog>
  );
}
