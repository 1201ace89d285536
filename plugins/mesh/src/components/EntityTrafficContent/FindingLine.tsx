import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import { Finding } from '@meshport/plugin-mesh-common';

function LevelIcon(props: { level: Finding['level'] }) {
  const style = { fontSize: 16, marginRight: 4, flexShrink: 0 } as const;
  if (props.level === 'Error')
    return <ErrorIcon color="error" style={style} titleAccess="Error" />;
  if (props.level === 'Warning')
    return (
      <WarningIcon
        style={{ ...style, color: '#ed6c02' }}
        titleAccess="Warning"
      />
    );
  return <InfoIcon color="primary" style={style} titleAccess="Info" />;
}

/** One analyzer or schema finding where it applies: level icon, code, message. */
export function FindingLine(props: { finding: Finding }) {
  const { finding } = props;
  return (
    <Box
      display="flex"
      alignItems="flex-start"
      data-testid="finding"
      data-level={finding.level}
    >
      <LevelIcon level={finding.level} />
      <Typography variant="body2" component="span">
        <strong>{finding.code}</strong> {finding.message}
        {finding.path && (
          <Typography variant="caption" color="textSecondary" component="span">
            {' '}
            ({finding.path})
          </Typography>
        )}
      </Typography>
    </Box>
  );
}

export function FindingLines(props: { findings: Finding[] }) {
  if (!props.findings.length) return null;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 2 }}>
      {props.findings.map((f, i) => (
        <FindingLine key={`${f.code}-${f.path}-${i}`} finding={f} />
      ))}
    </Box>
  );
}
