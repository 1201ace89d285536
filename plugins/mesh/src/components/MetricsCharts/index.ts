export { RedCharts } from './RedCharts';
export type { RedChartsProps } from './RedCharts';
export { WorkloadMetricsPanel, METRICS_WINDOWS } from './WorkloadMetricsPanel';
export type {
  WorkloadMetricsPanelProps,
  MetricsWindow,
} from './WorkloadMetricsPanel';
