import { ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { overviewErrorHint } from '../../lib/overviewErrorHint';

/** The backend's error, with what to do about it underneath. */
export function OverviewErrorPanel(props: { error: Error }) {
  return (
    <>
      <ResponseErrorPanel error={props.error} title="Could not load the mesh overview" />
      <Typography variant="body2" style={{ marginTop: 8 }}>
        {overviewErrorHint(props.error)}
      </Typography>
    </>
  );
}
