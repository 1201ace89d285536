import { useEffect, useRef, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { finishedBy } from '../../lib/canaryText';
import { formatAge } from '../../lib/formatAge';
import { CanaryDetail } from './CanaryDetail';
import { CanaryStateChip } from './CanaryStateChip';
import { useScrollIntoView } from './useScrollIntoView';

const COLUMNS = 6;

const useStyles = makeStyles((theme: Theme) => ({
  selected: { backgroundColor: theme.palette.action.selected },
}));

function HistoryLine(props: {
  canary: CanaryRecord;
  now: number;
  selected: boolean;
}) {
  const { canary, now } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(props.selected);
  const ref = useRef<HTMLTableRowElement>(null);
  useScrollIntoView(ref, props.selected);
  // A `?canary=` link followed while the tab is open opens its line too.
  useEffect(() => {
    if (props.selected) setOpen(true);
  }, [props.selected]);
  const when = canary.finishedAt ?? canary.updatedAt;
  const versions = `${canary.service} ${canary.stableVersion} → ${canary.canaryVersion}`;
  return (
    <>
      <TableRow
        ref={ref}
        data-testid={`canary-${canary.id}`}
        data-selected={props.selected || undefined}
        className={props.selected ? classes.selected : undefined}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'hide' : 'show'} details of canary ${canary.id}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowDown /> : <KeyboardArrowRight />}
          </IconButton>
        </TableCell>
        <TableCell>{versions}</TableCell>
        <TableCell>
          <CanaryStateChip state={canary.state} />
        </TableCell>
        <TableCell>
          <span title={when}>{formatAge(when, now) ?? when}</span>
        </TableCell>
        <TableCell>{finishedBy(canary)}</TableCell>
        <TableCell align="right">
          {canary.weight} % on {canary.canaryVersion}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={COLUMNS}
          style={{
            paddingTop: 0,
            paddingBottom: 0,
            borderBottom: open ? undefined : 'none',
          }}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box py={2}>
              <CanaryDetail canary={canary} now={now} />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

/**
 * The entity's finished canaries, newest first, one line each (versions, outcome, when, by whom,
 * final weight), each expandable to the same detail the active card shows.
 */
export function CanaryHistory(props: {
  canaries: CanaryRecord[];
  now: number;
  selectedId?: string;
}) {
  return (
    <InfoCard
      title="Canary history"
      subheader="Finished canary releases of this entity, newest first."
    >
      <Table size="small" aria-label="canary history">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Versions</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>Finished</TableCell>
            <TableCell>By</TableCell>
            <TableCell align="right">Final weight</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.canaries.map(c => (
            <HistoryLine
              key={c.id}
              canary={c}
              now={props.now}
              selected={c.id === props.selectedId}
            />
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
