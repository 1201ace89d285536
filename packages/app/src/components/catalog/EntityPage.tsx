import {
  EntityAboutCard,
  EntityHasComponentsCard,
  EntityHasResourcesCard,
  EntityHasSubcomponentsCard,
  EntityHasSystemsCard,
  EntityLabelsCard,
  EntityLayout,
  EntityLinksCard,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntityRelationWarning,
  EntitySwitch,
  hasCatalogProcessingErrors,
  hasLabels,
  hasRelationWarnings,
  isKind,
  isOrphan,
} from '@backstage/plugin-catalog';
import {
  EntityKubernetesContent,
  isKubernetesAvailable,
} from '@backstage/plugin-kubernetes';
import Grid from '@material-ui/core/Grid';
import {
  EntityMeshContent,
  EntityMeshTopologyContent,
  EntitySecurityContent,
  EntityTrafficContent,
} from '@meshport/plugin-mesh';

/** Catalog problems with the entity itself, shown on top of every Overview tab. */
const entityWarningContent = (
  <>
    <EntitySwitch>
      <EntitySwitch.Case if={isOrphan}>
        <Grid item xs={12}>
          <EntityOrphanWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasRelationWarnings}>
        <Grid item xs={12}>
          <EntityRelationWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasCatalogProcessingErrors}>
        <Grid item xs={12}>
          <EntityProcessingErrorsPanel />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </>
);

const labelsCard = (
  <EntitySwitch>
    <EntitySwitch.Case if={hasLabels}>
      <Grid item md={4} xs={12}>
        <EntityLabelsCard />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

const componentPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {entityWarningContent}
        <Grid item md={8} xs={12}>
          <EntityAboutCard />
        </Grid>
        <Grid item md={4} xs={12}>
          <EntityLinksCard />
        </Grid>
        {labelsCard}
        <Grid item md={8} xs={12}>
          <EntityHasSubcomponentsCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>

    <EntityLayout.Route
      path="/kubernetes"
      title="Kubernetes"
      if={isKubernetesAvailable}
    >
      <EntityKubernetesContent refreshIntervalMs={30000} />
    </EntityLayout.Route>

    {/* Not gated on isMeshAvailable: without the annotations the tab says which one to add. */}
    <EntityLayout.Route path="/mesh" title="Mesh">
      <EntityMeshContent />
    </EntityLayout.Route>

    <EntityLayout.Route path="/traffic" title="Traffic">
      <EntityTrafficContent />
    </EntityLayout.Route>

    <EntityLayout.Route path="/security" title="Security">
      <EntitySecurityContent />
    </EntityLayout.Route>

    <EntityLayout.Route path="/topology" title="Topology">
      <EntityMeshTopologyContent />
    </EntityLayout.Route>
  </EntityLayout>
);

/**
 * The pages of kinds that only need an Overview tab: the catalog warnings, then the given cards
 * two to a row, then the labels card when the entity has labels.
 */
function overviewOnlyPage(...cards: JSX.Element[]) {
  return (
    <EntityLayout>
      <EntityLayout.Route path="/" title="Overview">
        <Grid container spacing={3} alignItems="stretch">
          {entityWarningContent}
          {cards.map((card, i) => (
            <Grid item md={6} xs={12} key={i}>
              {card}
            </Grid>
          ))}
          {labelsCard}
        </Grid>
      </EntityLayout.Route>
    </EntityLayout>
  );
}

const systemPage = overviewOnlyPage(
  <EntityAboutCard />,
  <EntityLinksCard />,
  <EntityHasComponentsCard />,
  <EntityHasResourcesCard />,
);
const domainPage = overviewOnlyPage(
  <EntityAboutCard />,
  <EntityHasSystemsCard />,
);
const groupPage = overviewOnlyPage(<EntityAboutCard />, <EntityLinksCard />);
const defaultPage = overviewOnlyPage(<EntityAboutCard />, <EntityLinksCard />);

/** Chooses the entity page layout by kind. */
export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case>{defaultPage}</EntitySwitch.Case>
  </EntitySwitch>
);
