import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { allowCallers, allowOnly } from '@meshport/plugin-mesh-common';
import { splitList, splitPorts } from './listField';
import {
  SecurityWizardBaseProps,
  SecurityWizardDialog,
} from './SecurityWizardDialog';

/**
 * Which callers (service accounts, namespaces) may — or may not — call the entity's workloads, on
 * which ports, methods and paths. `only`: an ALLOW policy whose single rule admits them, so every
 * other caller is denied.
 */
const VARIANT_TEXT = {
  'allow-only':
    'Only these callers may call; every other caller is denied (403).',
  deny: 'These callers are denied (403), whatever ALLOW policies say.',
  allow: 'These callers are allowed, next to the callers already allowed.',
} as const;

export function CallersDialog(
  props: SecurityWizardBaseProps & {
    variant: 'allow' | 'allow-only' | 'deny';
    title: string;
  },
) {
  const id = useId();
  const [serviceAccounts, setServiceAccounts] = useState('');
  const [namespaces, setNamespaces] = useState('');
  const [ports, setPorts] = useState('');
  const [methods, setMethods] = useState('');
  const [paths, setPaths] = useState('');
  const callers = () => ({
    ...(splitList(serviceAccounts).length
      ? { serviceAccounts: splitList(serviceAccounts) }
      : {}),
    ...(splitList(namespaces).length
      ? { namespaces: splitList(namespaces) }
      : {}),
  });
  const target = { namespace: props.namespace, selector: props.selector };
  const optional = <T,>(values: T[]) => (values.length ? values : undefined);
  const text = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    hint: string,
    errorFor: (f: string) => string | undefined,
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
  return (
    <SecurityWizardDialog
      {...props}
      fields={['callers', 'ports', 'methods', 'paths']}
      build={state =>
        props.variant === 'allow-only'
          ? allowOnly(
              {
                ...target,
                callers: callers(),
                ports: optional(splitPorts(ports)),
              },
              state,
            )
          : allowCallers(
              {
                ...target,
                callers: callers(),
                ports: optional(splitPorts(ports)),
                methods: optional(splitList(methods).map(m => m.toUpperCase())),
                paths: optional(splitList(paths)),
                action: props.variant === 'deny' ? 'DENY' : 'ALLOW',
              },
              state,
            )
      }
    >
      {(_state, errorFor) => (
        <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
          <Typography variant="body2">{VARIANT_TEXT[props.variant]}</Typography>
          {text(
            'callers',
            'Service accounts (namespace/name, comma-separated)',
            serviceAccounts,
            setServiceAccounts,
            'e.g. bookinfo/bookinfo-reviews',
            errorFor,
          )}
          {text(
            'namespaces',
            'Namespaces (comma-separated)',
            namespaces,
            setNamespaces,
            'Every workload with a sidecar in them',
            errorFor,
          )}
          {text(
            'ports',
            'Ports (comma-separated)',
            ports,
            setPorts,
            'Empty: every port',
            errorFor,
          )}
          {props.variant !== 'allow-only' && (
            <>
              {text(
                'methods',
                'Methods (comma-separated)',
                methods,
                setMethods,
                'Empty: every method',
                errorFor,
              )}
              {text(
                'paths',
                'Paths (comma-separated)',
                paths,
                setPaths,
                'Exact, /prefix/* or *suffix; empty: every path',
                errorFor,
              )}
            </>
          )}
        </Box>
      )}
    </SecurityWizardDialog>
  );
}
