import { useRef } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { CanaryManagePermission } from '../../hooks/useCanaryManagePermission';
import { canaryTitle } from '../../lib/canaryText';
import { formatAge } from '../../lib/formatAge';
import { CanaryActions } from './CanaryActions';
import { CanaryDetail } from './CanaryDetail';
import { CanaryStateChip } from './CanaryStateChip';
import { useScrollIntoView } from './useScrollIntoView';

const useStyles = makeStyles((theme: Theme) => ({
  selected: {
    borderRadius: theme.shape.borderRadius,
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: 2,
  },
}));

/** A running or paused canary: its state, where it stands, the actions, its checks and steps. */
export function CanaryCard(props: {
  canary: CanaryRecord;
  now: number;
  /** Named by the page's `?canary=` link: outlined and scrolled to. */
  selected: boolean;
  permission: CanaryManagePermission;
  onChanged: (canary: CanaryRecord) => void;
}) {
  const { canary, now } = props;
  const classes = useStyles();
  const ref = useRef<HTMLElement>(null);
  useScrollIntoView(ref, props.selected);
  const title = canaryTitle(canary);
  const { route } = canary;
  return (
    <section
      ref={ref}
      aria-label={title}
      data-testid={`canary-${canary.id}`}
      data-selected={props.selected || undefined}
      className={props.selected ? classes.selected : undefined}
    >
      <InfoCard
        title={
          <Box component="span" display="flex" alignItems="center" gridGap={12}>
            <span>{title}</span>
            <CanaryStateChip state={canary.state} />
          </Box>
        }
        subheader={`${route.kind} ${route.namespace}/${route.name} in cluster ${canary.cluster} · started by ${canary.createdBy} ${formatAge(canary.createdAt, now) ?? canary.createdAt}`}
      >
        <CanaryDetail
          canary={canary}
          now={now}
          actions={
            <CanaryActions
              canary={canary}
              permission={props.permission}
              onChanged={props.onChanged}
            />
          }
        />
      </InfoCard>
    </section>
  );
}
