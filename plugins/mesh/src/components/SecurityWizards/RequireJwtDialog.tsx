import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { requireJwt } from '@meshport/plugin-mesh-common';
import { splitList } from './listField';
import {
  SecurityWizardBaseProps,
  SecurityWizardDialog,
} from './SecurityWizardDialog';

/** A RequestAuthentication for the issuer plus the policy that requires a valid token, optionally on some paths. */
export function RequireJwtDialog(props: SecurityWizardBaseProps) {
  const id = useId();
  const [issuer, setIssuer] = useState('');
  const [jwksUri, setJwksUri] = useState('');
  const [audiences, setAudiences] = useState('');
  const [paths, setPaths] = useState('');
  const optional = (values: string[]) => (values.length ? values : undefined);
  const fields: Array<[string, string, string, (v: string) => void, string]> = [
    [
      'issuer',
      'Issuer',
      issuer,
      setIssuer,
      'e.g. https://accounts.example.com',
    ],
    [
      'jwksUri',
      'JWKS URI',
      jwksUri,
      setJwksUri,
      "Where the proxy fetches the issuer's keys",
    ],
    [
      'audiences',
      'Audiences (comma-separated)',
      audiences,
      setAudiences,
      'Empty: any audience',
    ],
    [
      'paths',
      'Only on paths (comma-separated)',
      paths,
      setPaths,
      'Empty: every request needs a token',
    ],
  ];
  return (
    <SecurityWizardDialog
      {...props}
      title="Require a JWT"
      fields={fields.map(f => f[0])}
      build={state =>
        requireJwt(
          {
            namespace: props.namespace,
            selector: props.selector,
            issuer: issuer.trim(),
            jwksUri: jwksUri.trim(),
            audiences: optional(splitList(audiences)),
            paths: optional(splitList(paths)),
          },
          state,
        )
      }
    >
      {(_state, errorFor) => (
        <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
          {fields.map(([name, label, value, set, hint]) => (
            <TextField
              key={name}
              id={`${id}-${name}`}
              label={label}
              value={value}
              onChange={e => set(e.target.value)}
              error={!!errorFor(name)}
              helperText={errorFor(name) ?? hint}
              fullWidth
            />
          ))}
        </Box>
      )}
    </SecurityWizardDialog>
  );
}
