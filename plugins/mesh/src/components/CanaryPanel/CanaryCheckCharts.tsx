import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { CanaryRecord, formatCanaryNumber } from '@meshport/plugin-mesh-common';
import {
  CartesianGrid,
  DotItemDotProps,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  canaryTimeDomain,
  CheckPoint,
  CheckSeries,
  checkSeries,
  weightPoints,
} from '../../lib/canaryChartRows';
import { formatCheckRange, formatCheckValue } from '../../lib/canaryText';
import { clockTicks, formatClock } from '../../lib/redChartRows';

const CHART_HEIGHT = 120;

interface TimeAxisProps {
  domain: [number, number];
}

/** The x axis every chart of one canary shares: clock time over the canary's life. */
function timeAxis({ domain }: TimeAxisProps) {
  const { ticks, withSeconds } = clockTicks(domain[0], domain[1]);
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={domain}
      ticks={ticks}
      tickFormatter={(t: number) => formatClock(t, withSeconds)}
      fontSize={11}
    />
  );
}

function CheckChart(props: { series: CheckSeries; domain: [number, number] }) {
  const { series, domain } = props;
  const { palette } = useTheme();
  const range = formatCheckRange(series);
  const gaps = series.points.filter(p => p.value === null);
  const failed = series.points.filter(p => !p.ok).length;
  const bound = (value: number, label: string) => (
    <ReferenceLine
      y={value}
      stroke={palette.warning.main}
      strokeDasharray="4 2"
      // The threshold belongs in view even when every value is far from it.
      ifOverflow="extendDomain"
      label={{
        value: `${label} ${formatCanaryNumber(value)}`,
        position: 'insideTopRight',
        fontSize: 10,
        fill: palette.text.secondary,
      }}
    />
  );
  // Red where the check failed; a point without a value has no dot (its gap and label say it).
  const dot = (p: DotItemDotProps) => {
    const point = p.payload as CheckPoint;
    if (p.cx === undefined || p.cy === undefined || point.value === null)
      return <g key={`dot-${p.index}`} />;
    return (
      <circle
        key={`dot-${p.index}`}
        cx={p.cx}
        cy={p.cy}
        r={point.ok ? 3 : 4.5}
        fill={point.ok ? palette.primary.main : palette.error.main}
        stroke="none"
        className={point.ok ? 'canary-check-ok' : 'canary-check-failed'}
      />
    );
  };
  return (
    <Box
      component="figure"
      m={0}
      mb={2}
      aria-label={`${series.name} per step`}
      data-testid={`canary-chart-${series.name}`}
    >
      <Typography variant="caption" component="figcaption">
        {series.name}
        {series.unit && ` (${series.unit})`}
        {range && ` — must be ${range}`}
        {failed > 0 && ` — failed ${failed} of ${series.points.length}`}
      </Typography>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart
          data={series.points}
          margin={{ top: 12, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          {timeAxis({ domain })}
          <YAxis
            width={44}
            fontSize={11}
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => formatCanaryNumber(v)}
            allowDecimals
          />
          <Tooltip
            labelFormatter={t => formatClock(Number(t), true)}
            formatter={(_value, _name, item) =>
              formatCheckValue({
                ...series,
                value: (item.payload as CheckPoint).value,
              })
            }
          />
          {series.min !== undefined && bound(series.min, 'min')}
          {series.max !== undefined && bound(series.max, 'max')}
          {gaps.map(g => (
            <ReferenceLine
              key={`gap-${g.t}`}
              x={g.t}
              stroke={palette.error.main}
              strokeDasharray="2 2"
              label={{
                value: 'no data',
                position: 'insideTop',
                fontSize: 10,
                fill: palette.error.main,
              }}
              className="canary-check-no-data"
            />
          ))}
          <Line
            dataKey="value"
            name={series.name}
            stroke={palette.primary.main}
            strokeWidth={1.5}
            dot={dot}
            // Polled every few seconds: an animation would replay each time and look like a change.
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

function WeightChart(props: {
  canary: CanaryRecord;
  now: number;
  domain: [number, number];
}) {
  const { palette } = useTheme();
  const points = weightPoints(props.canary, props.now);
  return (
    <Box
      component="figure"
      m={0}
      mb={2}
      aria-label="canary weight over time"
      data-testid="canary-chart-weight"
    >
      <Typography variant="caption" component="figcaption">
        weight of {props.canary.canaryVersion} (%)
      </Typography>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart
          data={points}
          margin={{ top: 12, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          {timeAxis({ domain: props.domain })}
          <YAxis width={44} fontSize={11} domain={[0, 100]} />
          <Tooltip
            labelFormatter={t => formatClock(Number(t), true)}
            formatter={value => `${value} %`}
          />
          <Line
            type="stepAfter"
            dataKey="weight"
            name="weight"
            stroke={palette.secondary.main}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

/**
 * Each check's measured value per step against its threshold (red dots where it failed, a gap
 * marked "no data" where nothing was measured), and the canary's weight over the same time.
 */
export function CanaryCheckCharts(props: {
  canary: CanaryRecord;
  now: number;
}) {
  const { canary, now } = props;
  const domain = canaryTimeDomain(canary, now);
  const series = checkSeries(canary);
  return (
    <Box role="group" aria-label={`checks of canary ${canary.id}`}>
      {series.length === 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {canary.plan.checks.length === 0
            ? 'This canary has no checks: each step advances after its interval.'
            : 'No check has run yet; the first runs one interval after the start.'}
        </Typography>
      )}
      <Grid container spacing={2}>
        {series.map(s => (
          <Grid item xs={12} md={6} lg={4} key={s.name}>
            <CheckChart series={s} domain={domain} />
          </Grid>
        ))}
        <Grid item xs={12} md={6} lg={4}>
          <WeightChart canary={canary} now={now} domain={domain} />
        </Grid>
      </Grid>
    </Box>
  );
}
