import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { SecurityPolicyView } from '@meshport/plugin-mesh-common';
import { EditResourceButton } from '../EntityTrafficContent/EditResourceButton';
import { FindingLines } from '../EntityTrafficContent/FindingLine';

const SCOPE: Record<SecurityPolicyView['scope'], string> = {
  workload: 'selected workloads',
  namespace: 'whole namespace',
  mesh: 'whole mesh (root namespace)',
  'target-ref': 'by targetRefs',
};

/**
 * One PeerAuthentication, RequestAuthentication or AuthorizationPolicy in words: what it does as a
 * whole, each rule on its line with the findings at that field, and YAML / Edit.
 */
export function SecurityPolicyCard(props: {
  policy: SecurityPolicyView;
  editDisabledReason?: string;
  onEdit: (policy: SecurityPolicyView) => void;
}) {
  const { policy } = props;
  // Findings already shown at a line are not repeated above the rules.
  const resourceFindings = policy.findings.filter(
    f =>
      !policy.lines.some(l =>
        l.findings.some(g => g.code === f.code && g.path === f.path),
      ),
  );
  return (
    <Paper
      variant="outlined"
      data-testid={`security-policy-${policy.kind}-${policy.namespace}-${policy.name}`}
    >
      <Box p={2}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="subtitle1" component="h3">
            {policy.kind} {policy.namespace}/{policy.name}
          </Typography>
          {policy.action && <Chip size="small" label={policy.action} />}
          <Chip size="small" variant="outlined" label={SCOPE[policy.scope]} />
          <Box flexGrow={1} />
          <EditResourceButton
            label={`${policy.kind} ${policy.namespace}/${policy.name}`}
            disabledReason={props.editDisabledReason}
            onClick={() => props.onEdit(policy)}
          />
        </Box>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {policy.summary}. Applies to{' '}
          {policy.appliesTo.join(', ') || 'none of the workloads'}.
        </Typography>
        <FindingLines findings={resourceFindings} />
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {policy.lines.map((line, i) => (
            <li
              key={`${line.path}-${i}`}
              data-testid={`policy-line-${line.path}`}
            >
              <Typography variant="body2" component="span">
                {line.text}
              </Typography>{' '}
              <Typography
                variant="caption"
                color="textSecondary"
                component="span"
              >
                {line.path}
              </Typography>
              <FindingLines findings={line.findings} />
            </li>
          ))}
        </ul>
      </Box>
    </Paper>
  );
}
