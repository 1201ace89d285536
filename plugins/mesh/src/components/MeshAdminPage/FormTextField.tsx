import TextField, { StandardTextFieldProps } from '@material-ui/core/TextField';
import { ReactNode } from 'react';

export interface FormTextFieldProps extends Omit<
  StandardTextFieldProps,
  'value' | 'onChange' | 'error' | 'helperText'
> {
  value: string;
  onValue: (value: string) => void;
  /** The field's validation message; shown in place of the help text while present. */
  error?: string;
  help?: ReactNode;
}

/** A register dialog's text (or select) field: full width, dense, value and error wired the same way in every form. */
export function FormTextField({
  value,
  onValue,
  error,
  help,
  ...rest
}: FormTextFieldProps) {
  return (
    <TextField
      fullWidth
      margin="dense"
      {...rest}
      value={value}
      onChange={e => onValue(e.target.value)}
      error={!!error}
      helperText={error ?? help}
    />
  );
}
