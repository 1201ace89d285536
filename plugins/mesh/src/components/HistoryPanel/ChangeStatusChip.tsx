import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { ChangeStatus } from '@meshport/plugin-mesh-common';

/** A change's status with the Backstage status colours. */
export function ChangeStatusChip(props: { status: ChangeStatus }) {
  switch (props.status) {
    case 'applied':
      return <StatusOK>applied</StatusOK>;
    case 'exported':
      return <StatusOK>exported</StatusOK>;
    case 'previewed':
      return <StatusPending>previewed</StatusPending>;
    case 'conflict':
      return <StatusWarning>conflict</StatusWarning>;
    default:
      return <StatusError>{props.status}</StatusError>;
  }
}
