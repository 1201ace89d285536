import Alert from '@material-ui/lab/Alert';
import { DryRunResult } from '@meshport/plugin-mesh-common';

/** The cluster's own verdict on the change (server-side dry run): admission and schema checks we cannot run. */
export function DryRunSummary(props: {
  dryRun: DryRunResult;
  cluster: string;
}) {
  const { dryRun } = props;
  if (dryRun.ok) {
    return (
      <Alert severity="success" data-testid="dry-run-result">
        Dry run passed on cluster {props.cluster}.
        {dryRun.messages.map((m, i) => (
          <div key={i}>
            {m.resource}: {m.message}
          </div>
        ))}
      </Alert>
    );
  }
  return (
    <Alert severity="error" data-testid="dry-run-result">
      Dry run failed on cluster {props.cluster}:
      {dryRun.messages.map((m, i) => (
        <div key={i}>
          {m.resource}: {m.message}
        </div>
      ))}
    </Alert>
  );
}
