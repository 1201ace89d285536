import { ReactNode } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  RouteOutcome,
  RouteTrace,
  TracedDestination,
} from '@meshport/plugin-mesh-common';
import {
  describeEffectivePolicy,
  describeTraceActions,
} from '../../lib/describeTrace';
import { WeightSplitBar } from './WeightSplitBar';

const OUTCOMES: Record<RouteOutcome, string> = {
  route: 'routed by a rule',
  redirect: 'redirected',
  'direct-response': 'answered by the proxy',
  'default-route': 'default route (no VirtualService decides)',
  passthrough: 'passed through to the original destination',
  'no-route': 'no route: the request fails',
};

function destinationText(d: TracedDestination) {
  return `${d.host}${d.subset ? ` (subset ${d.subset})` : ''}${d.port ? ` port ${d.port}` : ''} — ${d.weight} %`;
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * The tracer's answer: what happened to the request, which rule took it (highlighted in the rule
 * list too), why the rules before it did not, where it goes and what the proxy does on the way.
 */
export function TraceResultView(props: { trace: RouteTrace; cluster: string }) {
  const { trace } = props;
  const route = trace.virtualService ?? trace.httpRoute ?? null;
  const routeKind = trace.virtualService ? 'VirtualService' : 'HTTPRoute';
  const skipped = trace.steps.filter(s => s.kind === 'rule-skipped');
  const actions = describeTraceActions(trace);
  const r = trace.request;
  return (
    <Box data-testid="trace-result" aria-label="trace result" role="region">
      <Typography variant="body2" color="textSecondary">
        {r.protocol.toUpperCase()}{' '}
        {r.protocol === 'http'
          ? `${r.method} ${r.host}:${r.port}${r.path}`
          : `${r.host}:${r.port}`}
        {r.sourceNamespace ? ` from namespace ${r.sourceNamespace}` : ''}
        {r.gateway && r.gateway !== 'mesh'
          ? ` through gateway ${r.gateway}`
          : ''}
        , in cluster {props.cluster}
      </Typography>
      <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          label={OUTCOMES[trace.outcome] ?? trace.outcome}
          color={trace.outcome === 'no-route' ? 'secondary' : 'primary'}
          data-testid="trace-outcome"
          data-outcome={trace.outcome}
        />
        {route && trace.ruleIndex !== null && (
          <Typography variant="body2" data-testid="trace-matched-rule">
            {routeKind} {route.namespace}/{route.name}, rule {trace.ruleIndex}
            {trace.ruleName ? ` (${trace.ruleName})` : ''}
            {trace.matchIndex !== null
              ? `, match block ${trace.matchIndex}`
              : ''}
          </Typography>
        )}
      </Box>

      {skipped.length > 0 && (
        <Section title="Earlier rules that did not match">
          <ul
            style={{ margin: 0, paddingLeft: 20 }}
            data-testid="trace-skipped"
          >
            {skipped.map((s, i) => (
              <li key={i}>
                <Typography variant="body2" component="span">
                  {s.message}
                  {s.reason ? `: ${s.reason}` : ''}
                </Typography>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {trace.destinations.length > 0 && (
        <Section title="Destinations">
          <WeightSplitBar
            destinations={trace.destinations.map(d => ({
              text: destinationText(d),
              weight: d.weight,
            }))}
          />
          {trace.destinations.map((d, i) => {
            const lines = describeEffectivePolicy(d.policy);
            const problems = [
              !d.known && 'unknown host: no Service or ServiceEntry',
              d.subsetMissing &&
                'no DestinationRule defines this subset: Istio answers 503',
            ].filter(Boolean) as string[];
            return (
              <Box key={i} mt={1} data-testid="trace-destination">
                <Typography variant="body2">
                  <strong>{destinationText(d)}</strong>
                  {d.destinationRule
                    ? ` — DestinationRule ${d.destinationRule.namespace}/${d.destinationRule.name}`
                    : ' — no DestinationRule'}
                </Typography>
                {problems.map(p => (
                  <Typography key={p} variant="body2" color="error">
                    {p}
                  </Typography>
                ))}
                {lines.length > 0 ? (
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {lines.map(l => (
                      <li key={l}>
                        <Typography variant="body2" component="span">
                          {l}
                        </Typography>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    Istio's default policies
                  </Typography>
                )}
              </Box>
            );
          })}
        </Section>
      )}

      {actions.length > 0 && (
        <Section title="On the way">
          <Box
            display="flex"
            flexWrap="wrap"
            style={{ gap: 4 }}
            data-testid="trace-actions"
          >
            {actions.map(a => (
              <Chip key={a} size="small" variant="outlined" label={a} />
            ))}
          </Box>
        </Section>
      )}

      <Box mt={2}>
        <Accordion>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              Every step of the decision ({trace.steps.length})
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <ol style={{ margin: 0, paddingLeft: 20 }}>
              {trace.steps.map((s, i) => (
                <li key={i}>
                  <Typography variant="body2" component="span">
                    {s.message}
                    {s.reason ? `: ${s.reason}` : ''}
                  </Typography>
                </li>
              ))}
            </ol>
          </AccordionDetails>
        </Accordion>
      </Box>
    </Box>
  );
}
