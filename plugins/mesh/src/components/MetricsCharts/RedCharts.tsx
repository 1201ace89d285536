import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { RedSeries } from '@meshport/plugin-mesh-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  ChartRow,
  clockTicks,
  errorChartRows,
  formatClock,
  formatNumber,
  formatShare,
  hasRequests,
  redChartRows,
} from '../../lib/redChartRows';

/** Props of {@link RedCharts}. */
export interface RedChartsProps {
  series: RedSeries;
  /** Shown above the charts, e.g. `Inbound`. */
  title?: string;
  /** Height of each of the three charts, in pixels. Default 140. */
  height?: number;
}

interface LineSpec<K extends keyof RedSeries> {
  key: K;
  name: string;
  color: string;
}

function TimeChart<K extends keyof RedSeries>(props: {
  label: string;
  unit: string;
  rows: Array<ChartRow<K>>;
  lines: Array<LineSpec<K>>;
  height: number;
  /** Extra text after a value in the tooltip, e.g. its share of all requests. */
  annotate?: (row: ChartRow<K>, value: number) => string | undefined;
}) {
  const { label, unit, rows, lines, annotate } = props;
  const { ticks, withSeconds } = clockTicks(
    rows[0]?.t ?? 0,
    rows[rows.length - 1]?.t ?? 0,
  );
  return (
    <Box component="figure" m={0} mb={2} aria-label={label}>
      <Typography variant="caption" component="figcaption">
        {label} ({unit})
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No data in the window.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={props.height}>
          <LineChart
            data={rows}
            margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              ticks={ticks}
              tickFormatter={(t: number) => formatClock(t, withSeconds)}
              fontSize={11}
            />
            <YAxis
              width={44}
              fontSize={11}
              tickFormatter={(v: number) => formatNumber(v)}
              allowDecimals
            />
            <Tooltip
              labelFormatter={t => formatClock(Number(t), true)}
              formatter={(value, _name, item) => {
                const v = Number(value);
                const extra = annotate?.(item.payload as ChartRow<K>, v);
                return `${formatNumber(v)} ${unit}${extra ? ` (${extra})` : ''}`;
              }}
            />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 11 }} />
            {lines.map(l => (
              <Line
                key={l.key}
                dataKey={l.key}
                name={l.name}
                stroke={l.color}
                dot={false}
                strokeWidth={1.5}
                // Redrawn every refresh: an animation would replay each time and look like a change.
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}

/**
 * Rate, errors and duration of one direction of one workload or Service over the window, as three
 * small time charts. Errors are drawn as rates (req/s), in the same unit as the request rate above
 * them, so a spike reads the same in both; the tooltip adds their share of all requests.
 */
export function RedCharts(props: RedChartsProps) {
  const { series, title } = props;
  const height = props.height ?? 140;
  const { palette } = useTheme();

  let body: ReactNode;
  if (!hasRequests(series)) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No requests in the window.
      </Typography>
    );
  } else {
    const rps = redChartRows(series, ['rps']);
    const errors = errorChartRows(series);
    const latency = redChartRows(series, ['p50', 'p95', 'p99']);
    body = (
      <>
        <TimeChart
          label="Request rate"
          unit="req/s"
          rows={rps}
          height={height}
          lines={[
            { key: 'rps', name: 'requests', color: palette.primary.main },
          ]}
        />
        <TimeChart<'rps4xx' | 'rps5xx' | 'rps'>
          label="Errors"
          unit="req/s"
          // The total rides along in the rows only for the tooltip's share; it is not drawn here.
          rows={errors}
          height={height}
          lines={[
            { key: 'rps4xx', name: '4xx', color: palette.warning.main },
            { key: 'rps5xx', name: '5xx', color: palette.error.main },
          ]}
          annotate={(row, value) => {
            const share = formatShare(value, row.rps);
            return share && `${share} of requests`;
          }}
        />
        <TimeChart
          label="Latency"
          unit="ms"
          rows={latency}
          height={height}
          lines={[
            { key: 'p50', name: 'p50', color: palette.primary.light },
            { key: 'p95', name: 'p95', color: palette.primary.main },
            { key: 'p99', name: 'p99', color: palette.primary.dark },
          ]}
        />
      </>
    );
  }

  return (
    <Box role="group" aria-label={title ?? 'metrics'}>
      {title && (
        <Typography variant="subtitle2" component="h4" gutterBottom>
          {title}
        </Typography>
      )}
      {body}
    </Box>
  );
}
