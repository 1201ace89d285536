import Typography from '@material-ui/core/Typography';
import { RuleRow } from '@meshport/plugin-mesh-common';
import { inTracedList, ruleKey, TraceHighlight } from '../../lib/describeTrace';
import { RuleRowView } from './RuleRowView';

/** A route's rules in the order the proxy tries them; the first that matches wins. */
export function RuleList(props: {
  rules: RuleRow[];
  namespace: string;
  name: string;
  /** The tracer's answer; `matched` says whether it took a rule of this resource. */
  trace?: { highlight: TraceHighlight; matched: boolean };
}) {
  const { trace } = props;
  if (!props.rules.length)
    return (
      <Typography variant="body2">
        No rules: the proxy routes this host as if there were no route.
      </Typography>
    );
  return (
    <ol
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
      aria-label={`rules of ${props.namespace}/${props.name}`}
    >
      {props.rules.map(rule => (
        <RuleRowView
          key={`${rule.protocol}-${rule.index}`}
          rule={rule}
          highlighted={
            !!trace?.matched &&
            inTracedList(trace.highlight, rule) &&
            trace.highlight.ruleIndex === rule.index
          }
          skippedReason={
            trace && inTracedList(trace.highlight, rule)
              ? trace.highlight.skipped[
                  ruleKey(props.namespace, props.name, rule.index)
                ]
              : undefined
          }
        />
      ))}
    </ol>
  );
}
