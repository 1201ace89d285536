import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { canaryTargetErrors, MeshCanaryTarget } from '../../lib/canaryTargets';
import {
  MeshCanaryTargetPicker,
  MeshCanaryTargetPickerUiOptions,
} from './MeshCanaryTargetPicker';

/** The name templates give the field: `ui:field: MeshCanaryTargetPicker`. */
export const MESH_CANARY_TARGET_PICKER = 'MeshCanaryTargetPicker';

/** Blocks "Next" until a Service and two different versions are chosen, with the reason on the field. */
export const validateMeshCanaryTarget: CustomFieldValidator<
  MeshCanaryTarget,
  MeshCanaryTargetPickerUiOptions
> = (value, validation) => {
  for (const message of canaryTargetErrors(value)) validation.addError(message);
};

/**
 * The field as the Scaffolder takes it (`createScaffolderFieldExtension`'s options); the schemas
 * document the value and options in the template editor's field explorer.
 */
export const meshCanaryTargetPickerOptions = {
  name: MESH_CANARY_TARGET_PICKER,
  component: MeshCanaryTargetPicker,
  validation: validateMeshCanaryTarget,
  schema: {
    returnValue: {
      type: 'object' as const,
      properties: {
        namespace: { type: 'string' as const, title: 'Namespace' },
        service: { type: 'string' as const, title: 'Service' },
        stableVersion: { type: 'string' as const, title: 'Stable version' },
        canaryVersion: { type: 'string' as const, title: 'Canary version' },
        cluster: {
          type: 'string' as const,
          title: 'Cluster',
          description: "Set only when the entity's Services span clusters",
        },
      },
    },
    uiOptions: {
      type: 'object' as const,
      properties: {
        entityField: {
          type: 'string' as const,
          description:
            'The form field holding the entity ref (default: entity)',
        },
      },
    },
  },
};
