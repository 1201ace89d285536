import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterTraffic,
  RouteTrace,
  TraceRequestBody,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import { TracerForm } from './TracerForm';
import { TraceResultView } from './TraceResultView';

/** The last trace and the cluster it ran in (the result is lifted so the rule lists can highlight it). */
export interface TraceOutcome {
  cluster: string;
  trace: RouteTrace;
}

/**
 * "Where does this request go?": asks the backend to trace a request on its live model of the
 * cluster (the same engine as `meshport trace`) and shows the answer.
 */
export function TracerPanel(props: {
  entityRef: MeshEntityRef;
  clusters: ClusterTraffic[];
  result?: TraceOutcome;
  onResult: (result: TraceOutcome | undefined) => void;
}) {
  const meshApi = useApi(meshApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { onResult } = props;

  const trace = async (body: TraceRequestBody & { cluster: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await meshApi.traceRequest(props.entityRef, body);
      onResult({ cluster: body.cluster, trace: answer });
    } catch (e) {
      onResult(undefined);
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard
      title="Trace a request"
      subheader="Which rule takes a request, where it goes, and what happens on the way"
    >
      <TracerForm clusters={props.clusters} busy={busy} onTrace={trace} />
      {error && (
        <Box mt={2}>
          <Alert severity="error" data-testid="trace-error">
            Could not trace the request: {error}
          </Alert>
        </Box>
      )}
      {props.result && (
        <Box mt={3}>
          <TraceResultView
            trace={props.result.trace}
            cluster={props.result.cluster}
          />
        </Box>
      )}
    </InfoCard>
  );
}
