import { ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { describeApiError } from '../../lib/describeApiError';
import { overviewErrorHint } from '../../lib/overviewErrorHint';

/**
 * The backend's error, with what to do about it underneath. The title carries the backend's own
 * message: ResponseErrorPanel's default title is only "Request failed with 404 Not Found".
 */
export function OverviewErrorPanel(props: { error: Error }) {
  return (
    <>
      <ResponseErrorPanel
        error={props.error}
        title={`Could not load the mesh overview: ${describeApiError(props.error)}`}
      />
      <Typography variant="body2" style={{ marginTop: 8 }}>
        {overviewErrorHint(props.error)}
      </Typography>
    </>
  );
}
