import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import { ChangeRecord } from '@meshport/plugin-mesh-common';
import { formatAge } from '../../lib/formatAge';
import { ResourceChangeView } from '../ChangeReview/ResourceChangeView';
import { ChangeStatusChip } from './ChangeStatusChip';

export interface HistoryItemProps {
  change: ChangeRecord;
  now: number;
  /** Why Revert may not be pressed; undefined when it may. */
  revertBlocked?: string;
  reverting: boolean;
  onRevert: (change: ChangeRecord) => void;
}

/** One change in the history: a summary row and, on demand, its diff per resource. */
export function HistoryItem(props: HistoryItemProps) {
  const { change } = props;
  const [open, setOpen] = useState(false);
  const when = change.appliedAt ?? change.createdAt;
  const who = change.appliedBy ?? change.createdBy;
  const resources = change.resources.map(
    r => `${r.kind} ${r.namespace}/${r.name} (${r.operation})`,
  );
  // Only an applied change put something on the cluster that a revert could take back.
  const revertable = change.status === 'applied';
  return (
    <>
      <TableRow data-testid={`change-${change.id}`}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'hide' : 'show'} diff of change ${change.id}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowDown /> : <KeyboardArrowRight />}
          </IconButton>
        </TableCell>
        <TableCell>
          <span title={when}>{formatAge(when, props.now) ?? when}</span>
        </TableCell>
        <TableCell>{who}</TableCell>
        <TableCell>
          <ChangeStatusChip status={change.status} />
        </TableCell>
        <TableCell>
          {change.description ?? ''}
          {change.revertOf && (
            <Typography variant="caption" component="div" color="textSecondary">
              reverts {change.revertOf}
            </Typography>
          )}
        </TableCell>
        <TableCell>
          {change.cluster}: {resources.join(', ')}
        </TableCell>
        <TableCell align="right">
          {revertable && (
            <Tooltip title={props.revertBlocked ?? ''}>
              {/* MUI shows no tooltip on a disabled button, hence the span. */}
              <span>
                <Button
                  size="small"
                  onClick={() => props.onRevert(change)}
                  disabled={!!props.revertBlocked || props.reverting}
                  aria-label={`revert change ${change.id}`}
                >
                  Revert
                </Button>
              </span>
            </Tooltip>
          )}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={7}
          style={{
            paddingTop: 0,
            paddingBottom: 0,
            borderBottom: open ? undefined : 'none',
          }}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box py={2}>
              {change.result && (
                <Typography
                  variant="body2"
                  color={
                    change.status === 'applied' ? 'textSecondary' : 'error'
                  }
                  gutterBottom
                >
                  {change.result}
                </Typography>
              )}
              {change.resources.map(r => (
                <ResourceChangeView
                  key={`${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`}
                  resource={r}
                />
              ))}
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
