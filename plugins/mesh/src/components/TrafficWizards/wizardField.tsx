import TextField from '@material-ui/core/TextField';
import { ErrorFor } from './WizardDialog';

/**
 * The wizards' text field: labelled, showing the generator's error for its form path (or a hint),
 * so every dialog puts errors on their fields the same way.
 */
export function wizardField(id: string, errorFor: ErrorFor) {
  return (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    hint?: string,
  ) => (
    <TextField
      id={`${id}-${name}`}
      label={label}
      value={value}
      onChange={e => set(e.target.value)}
      error={!!errorFor(name)}
      helperText={errorFor(name) ?? hint}
      fullWidth
    />
  );
}
