import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Button from '@material-ui/core/Button';
import EditIcon from '@material-ui/icons/Edit';
import { IstioResourceRef } from '@meshport/plugin-mesh-common';

/**
 * Istio objects that route to, select or secure the entity's workloads, and why each one counts.
 * With `onEdit`, each row offers to edit the object (the editor checks permissions before a preview).
 */
export function IstioResourcesTable(props: {
  resources: IstioResourceRef[];
  onEdit?: (resource: IstioResourceRef) => void;
}) {
  const { onEdit } = props;
  return (
    <Table size="small" aria-label="istio resources">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell>Namespace/name</TableCell>
          <TableCell>Why it applies</TableCell>
          {onEdit && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.resources.map(r => (
          <TableRow key={`${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`}>
            <TableCell title={r.apiVersion}>{r.kind}</TableCell>
            <TableCell>
              {r.namespace}/{r.name}
            </TableCell>
            <TableCell>
              {r.reasons.map(reason => (
                <div key={reason}>{reason}</div>
              ))}
            </TableCell>
            {onEdit && (
              <TableCell align="right">
                <Button
                  size="small"
                  startIcon={<EditIcon fontSize="small" />}
                  onClick={() => onEdit(r)}
                  aria-label={`edit ${r.kind} ${r.namespace}/${r.name}`}
                >
                  Edit
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
