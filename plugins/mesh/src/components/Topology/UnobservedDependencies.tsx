import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { UnobservedDependency } from '@meshport/plugin-mesh-common';

const RELATION_WORDS: Record<UnobservedDependency['relation'], string> = {
  dependsOn: 'depends on',
  consumesApi: 'consumes API',
  dependencyOf: 'is a dependency of',
  apiProvidedBy: 'API provided by',
};

/** Dependencies the catalog declares that carried no traffic in the window (the dotted lines). */
export function UnobservedDependencies(props: {
  items: UnobservedDependency[];
  window: string;
}) {
  return (
    <Box data-testid="unobserved-dependencies">
      <Typography variant="subtitle2">
        Declared in the catalog, not observed in the last {props.window}
      </Typography>
      <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
        {props.items.map((u, i) => (
          <li key={i}>
            <Typography variant="body2">
              {u.fromEntityRef} {RELATION_WORDS[u.relation]} {u.toEntityRef}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}
