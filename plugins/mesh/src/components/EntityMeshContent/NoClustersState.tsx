import { EmptyState, LinkButton } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useAdminPageLink } from '../../hooks/useAdminPageLink';

/** Shown when the backend has no cluster to look in: nothing about the entity is wrong yet. */
export function NoClustersState(props: { mesh?: string }) {
  const adminLink = useAdminPageLink();
  return (
    <EmptyState
      missing="data"
      title={
        props.mesh
          ? `Mesh ${props.mesh} has no clusters`
          : 'No clusters registered'
      }
      description={
        props.mesh
          ? `This entity names the mesh ${props.mesh} (annotation meshport.io/mesh), which has no member clusters, or is not registered. A portal admin adds clusters to meshes on the mesh admin page.`
          : 'Meshport has no Kubernetes cluster to look in. A portal admin registers clusters on the mesh admin page.'
      }
      action={
        adminLink ? (
          <LinkButton to={adminLink} variant="contained" color="primary">
            Open mesh admin
          </LinkButton>
        ) : (
          <Typography variant="body2">
            Ask a portal admin to register a cluster.
          </Typography>
        )
      }
    />
  );
}
