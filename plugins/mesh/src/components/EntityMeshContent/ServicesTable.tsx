import { Fragment, ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ServiceView } from '@meshport/plugin-mesh-common';
import { formatPort } from '../../lib/formatPort';
import { MetricsToggle } from './MetricsToggle';

/**
 * The Services that select the entity's pods (or are named by `meshport.io/services`); with
 * `renderMetrics`, each row opens the requests the Service received.
 */
export function ServicesTable(props: {
  services: ServiceView[];
  /** The metrics panel of one Service; rendered only while its row's Metrics toggle is on. */
  renderMetrics?: (service: ServiceView) => ReactNode;
}) {
  const { renderMetrics } = props;
  const [metricsOpen, setMetricsOpen] = useState<Record<string, boolean>>({});
  return (
    <Table size="small" aria-label="services">
      <TableHead>
        <TableRow>
          <TableCell>Host</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Cluster IP</TableCell>
          <TableCell>Ports</TableCell>
          {renderMetrics && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.map(s => {
          const key = `${s.namespace}/${s.name}`;
          const metrics = !!renderMetrics && !!metricsOpen[key];
          return (
            <Fragment key={key}>
              <TableRow>
                <TableCell>{s.host}</TableCell>
                <TableCell>{s.type ?? 'ClusterIP'}</TableCell>
                <TableCell>{s.clusterIP ?? '—'}</TableCell>
                <TableCell>
                  {s.ports.map(p => (
                    <div key={`${p.port}/${p.protocol ?? 'TCP'}`}>
                      {formatPort(p)}
                    </div>
                  ))}
                </TableCell>
                {renderMetrics && (
                  <TableCell align="right">
                    <MetricsToggle
                      name={s.name}
                      open={metrics}
                      onToggle={() =>
                        setMetricsOpen(m => ({ ...m, [key]: !metrics }))
                      }
                    />
                  </TableCell>
                )}
              </TableRow>
              {renderMetrics && (
                <TableRow>
                  <TableCell
                    style={{ paddingTop: 0, paddingBottom: 0 }}
                    colSpan={5}
                  >
                    <Collapse in={metrics} timeout="auto" unmountOnExit>
                      <Box pt={1} pb={2}>
                        {renderMetrics(s)}
                      </Box>
                    </Collapse>
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
