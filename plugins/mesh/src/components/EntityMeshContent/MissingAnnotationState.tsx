import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { annotationSnippet } from '../../lib/annotationSnippet';

/**
 * Shown instead of the tab's content when the entity lacks (or has a broken) Kubernetes annotation:
 * says which one to add, and gives the YAML to paste, filled in with the entity's name.
 */
export function MissingAnnotationState(props: {
  entityName: string;
  problem: 'missing-annotation' | 'invalid-annotation';
  message: string;
}) {
  return (
    <EmptyState
      missing="field"
      title={
        props.problem === 'missing-annotation'
          ? 'This entity does not say which pods are its own'
          : "This entity's Kubernetes annotation is not valid"
      }
      description={props.message}
      action={
        <Box maxWidth={640}>
          <Typography variant="body2" paragraph>
            For example, in catalog-info.yaml:
          </Typography>
          <CodeSnippet
            language="yaml"
            text={annotationSnippet(props.entityName)}
            showCopyCodeButton
          />
        </Box>
      }
    />
  );
}
