import Typography from '@material-ui/core/Typography';
import { EntityOverview } from '@meshport/plugin-mesh-common';

/**
 * Said per cluster when the selector matched nothing there. Shows the exact selector and namespace
 * and the kubectl line that checks them, since a typo in a label is the usual cause.
 */
export function NoWorkloads(props: { selector: EntityOverview['selector'] }) {
  const { labelSelector, namespace } = props.selector;
  return (
    <Typography variant="body2" component="div">
      No workloads in this cluster match <code>{labelSelector}</code>
      {namespace ? (
        <>
          {' '}
          in namespace <code>{namespace}</code>
        </>
      ) : (
        ' in any namespace'
      )}
      . Check the pod labels with{' '}
      <code>
        kubectl get pods {namespace ? `-n ${namespace}` : '-A'} -l{' '}
        {labelSelector}
      </code>
      .
    </Typography>
  );
}
