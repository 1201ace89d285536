import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { ChangeFindings, Finding } from '@meshport/plugin-mesh-common';

function LevelIcon(props: { finding: Finding; fixed?: boolean }) {
  if (props.fixed)
    return (
      <CheckCircleOutline style={{ color: '#2e7d32' }} titleAccess="fixed" />
    );
  if (props.finding.level === 'Error')
    return <ErrorOutline color="error" titleAccess="error" />;
  if (props.finding.level === 'Warning')
    return (
      <ReportProblemOutlined
        style={{ color: '#ed6c02' }}
        titleAccess="warning"
      />
    );
  return <InfoOutlined color="action" titleAccess="info" />;
}

function FindingItem(props: { finding: Finding; fixed?: boolean }) {
  const { finding } = props;
  const { kind, namespace, name } = finding.resource;
  return (
    <ListItem dense disableGutters>
      <ListItemIcon style={{ minWidth: 32 }}>
        <LevelIcon finding={finding} fixed={props.fixed} />
      </ListItemIcon>
      <ListItemText
        primary={
          <>
            <code>{finding.code}</code> {finding.message}
          </>
        }
        secondary={`${kind} ${namespace}/${name}${finding.path ? ` · ${finding.path}` : ''}`}
      />
    </ListItem>
  );
}

/**
 * What the change does to the mesh's problems: those it would introduce (analyzed on the mesh
 * as it would be after the change) and those it fixes. Unchanged problems are left out on
 * purpose: the reviewer judges the change, not the mesh.
 */
export function FindingsList(props: { findings: ChangeFindings }) {
  const { introduced, fixed } = props.findings;
  if (introduced.length === 0 && fixed.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The change introduces and fixes no configuration problem.
      </Typography>
    );
  }
  return (
    <Box>
      {introduced.length > 0 && (
        <List
          aria-label="findings introduced"
          dense
          disablePadding
          subheader={<Typography variant="subtitle2">Introduced</Typography>}
        >
          {introduced.map((f, i) => (
            <FindingItem key={i} finding={f} />
          ))}
        </List>
      )}
      {fixed.length > 0 && (
        <List
          aria-label="findings fixed"
          dense
          disablePadding
          subheader={<Typography variant="subtitle2">Fixed</Typography>}
        >
          {fixed.map((f, i) => (
            <FindingItem key={i} finding={f} fixed />
          ))}
        </List>
      )}
    </Box>
  );
}
