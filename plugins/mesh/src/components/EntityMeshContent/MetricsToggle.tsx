import Button from '@material-ui/core/Button';
import ShowChartIcon from '@material-ui/icons/ShowChart';

/** A small toggle that opens a row's metrics panel beneath it; used by the workloads and Services tables. */
export function MetricsToggle(props: {
  name: string;
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <Button
      size="small"
      variant={props.open ? 'contained' : 'outlined'}
      startIcon={<ShowChartIcon />}
      aria-label={`${props.open ? 'hide' : 'show'} metrics of ${props.name}`}
      aria-expanded={props.open}
      onClick={props.onToggle}
    >
      Metrics
    </Button>
  );
}
