import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { meshCanaryTargetPickerOptions } from './components/MeshCanaryTargetPicker';
import { meshPlugin } from './plugin';

/**
 * The Canary release template's "Service and versions" field (`ui:field:
 * MeshCanaryTargetPicker`): mount it inside `<ScaffolderFieldExtensions>` under the /create route.
 */
export const MeshCanaryTargetPickerFieldExtension = meshPlugin.provide(
  createScaffolderFieldExtension(meshCanaryTargetPickerOptions),
);
