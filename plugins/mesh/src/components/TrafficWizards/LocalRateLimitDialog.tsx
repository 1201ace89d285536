import { useEffect, useId, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { setLocalRateLimit } from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import { wizardField } from './wizardField';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/**
 * The Service's pod selector, the EnvoyFilter's workloadSelector. The Traffic view lists Services
 * without it, so the live Service is read when the dialog opens.
 */
function useServiceSelector(props: WizardDialogBaseProps) {
  const meshApi = useApi(meshApiRef);
  const [loaded, setLoaded] = useState<{
    selector?: Record<string, string>;
    error?: string;
  }>({});
  const { open, entityRef, cluster, service } = props;
  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    meshApi
      .getLiveResource(entityRef, {
        cluster,
        apiVersion: 'v1',
        kind: 'Service',
        namespace: service.namespace,
        name: service.name,
      })
      .then(live => {
        const spec = live.manifest.spec as
          { selector?: Record<string, string> } | undefined;
        if (!cancelled) setLoaded({ selector: spec?.selector });
      })
      .catch(e => !cancelled && setLoaded({ error: describeApiError(e) }));
    return () => {
      cancelled = true;
    };
    // Once per opening, like the rules the wizard edits.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, meshApi, cluster, service.namespace, service.name]);
  return loaded;
}

/** A token bucket per pod of the service, as an EnvoyFilter on their inbound HTTP chain. */
export function LocalRateLimitDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const live = useServiceSelector(props);
  const [maxTokens, setMaxTokens] = useState('100');
  const [tokensPerFill, setTokensPerFill] = useState('100');
  const [fillInterval, setFillInterval] = useState('1s');
  return (
    <WizardDialog
      {...props}
      title="Local rate limit"
      fields={() => ['maxTokens', 'tokensPerFill', 'fillInterval']}
      build={state =>
        setLocalRateLimit(
          {
            maxTokens: num(maxTokens),
            tokensPerFill: num(tokensPerFill),
            fillInterval: fillInterval.trim(),
          },
          { ...state, selector: state.selector ?? live.selector },
        )
      }
    >
      {(_state, errorFor) => {
        const field = wizardField(id, errorFor);
        return (
          <>
            <Typography variant="body2" gutterBottom>
              Each pod of the service answers 429 to requests past its own token
              bucket: every fill interval adds tokens, up to the bucket size.
            </Typography>
            {live.error && (
              <Box mb={1}>
                <Alert severity="warning">
                  Could not read the Service&apos;s pod selector: {live.error}
                </Alert>
              </Box>
            )}
            <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
              {field(
                'maxTokens',
                'Bucket size (max tokens)',
                maxTokens,
                setMaxTokens,
                'the burst a pod lets through at once',
              )}
              {field(
                'tokensPerFill',
                'Tokens per fill',
                tokensPerFill,
                setTokensPerFill,
              )}
              {field(
                'fillInterval',
                'Fill interval (e.g. 1s)',
                fillInterval,
                setFillInterval,
                'at least 50ms',
              )}
            </Box>
          </>
        );
      }}
    </WizardDialog>
  );
}
