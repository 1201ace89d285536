import Typography from '@material-ui/core/Typography';
import { PolicyView } from '@meshport/plugin-mesh-common';

/** Traffic policies in words, each under its scope (`all ports`, `port 9080`, `subset v2`). */
export function PolicyLines(props: { policies: PolicyView[] }) {
  if (!props.policies.length) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {props.policies.map(p => (
        <li key={p.scope}>
          <Typography variant="body2" component="span">
            <strong>{p.scope}:</strong> {p.lines.join('; ')}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
