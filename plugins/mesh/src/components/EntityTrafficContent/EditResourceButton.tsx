import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import EditIcon from '@material-ui/icons/Edit';

/**
 * "YAML / Edit" on a resource card. Without `mesh.config.update` it stays visible but disabled,
 * with the reason in its tooltip (a disabled button gets no hover events, hence the span).
 */
export function EditResourceButton(props: {
  label: string;
  disabledReason?: string;
  onClick: () => void;
}) {
  const button = (
    <Button
      size="small"
      startIcon={<EditIcon fontSize="small" />}
      onClick={props.onClick}
      disabled={!!props.disabledReason}
      aria-label={`YAML / Edit ${props.label}`}
    >
      YAML / Edit
    </Button>
  );
  if (!props.disabledReason) return button;
  return (
    <Tooltip title={props.disabledReason}>
      <span
        data-testid="edit-disabled-reason"
        aria-label={props.disabledReason}
      >
        {button}
      </span>
    </Tooltip>
  );
}
