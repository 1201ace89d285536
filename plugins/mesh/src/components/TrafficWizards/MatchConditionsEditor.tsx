import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { MatchCondition } from '@meshport/plugin-mesh-common';
import { ErrorFor } from './WizardDialog';

export interface MatchConditionsEditorProps {
  value: MatchCondition[];
  onChange(value: MatchCondition[]): void;
  errorFor: ErrorFor;
  /** Form path of the list, e.g. `matches`: errors are at `matches[i].value`. */
  path: string;
}

const FIELDS = [
  ['header', 'header'],
  ['uri', 'path (uri)'],
  ['method', 'method'],
  ['queryParam', 'query parameter'],
] as const;

/** Form paths this editor shows errors on, for `WizardDialog`'s `fields`. */
export function matchFieldPaths(path: string, count: number): string[] {
  const out = [path];
  for (let i = 0; i < count; i++)
    for (const f of ['field', 'name', 'kind', 'value'])
      out.push(`${path}[${i}].${f}`);
  return out;
}

/** Rows of conditions that must all hold: header / uri / method / query parameter. */
export function MatchConditionsEditor(props: MatchConditionsEditorProps) {
  const { value, onChange, errorFor, path } = props;
  const id = useId();
  const update = (i: number, patch: Partial<MatchCondition>) =>
    onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const fieldProps = (i: number, f: string) => ({
    id: `${id}-${i}-${f}`,
    error: !!errorFor(`${path}[${i}].${f}`),
    helperText: errorFor(`${path}[${i}].${f}`),
  });
  return (
    <Box>
      {value.map((c, i) => (
        <Box
          key={i}
          display="flex"
          style={{ gap: 8 }}
          mt={1}
          alignItems="flex-start"
        >
          <TextField
            select
            label="Match on"
            value={c.field}
            onChange={e =>
              update(i, { field: e.target.value as MatchCondition['field'] })
            }
            {...fieldProps(i, 'field')}
          >
            {FIELDS.map(([v, l]) => (
              <MenuItem key={v} value={v}>
                {l}
              </MenuItem>
            ))}
          </TextField>
          {(c.field === 'header' || c.field === 'queryParam') && (
            <TextField
              label="Name"
              value={c.name ?? ''}
              onChange={e => update(i, { name: e.target.value })}
              {...fieldProps(i, 'name')}
            />
          )}
          <TextField
            select
            label="How"
            value={c.kind}
            onChange={e =>
              update(i, { kind: e.target.value as MatchCondition['kind'] })
            }
            {...fieldProps(i, 'kind')}
          >
            <MenuItem value="exact">is exactly</MenuItem>
            <MenuItem value="prefix">starts with</MenuItem>
            <MenuItem value="regex">matches regex</MenuItem>
          </TextField>
          <TextField
            label="Value"
            value={c.value}
            onChange={e => update(i, { value: e.target.value })}
            {...fieldProps(i, 'value')}
          />
          <Button
            aria-label={`remove condition ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </Box>
      ))}
      <Box mt={1}>
        <Button
          size="small"
          onClick={() =>
            onChange([
              ...value,
              { field: 'header', name: '', kind: 'exact', value: '' },
            ])
          }
        >
          Add condition
        </Button>
        {errorFor(path) && (
          <Box component="span" color="error.main" ml={1}>
            {errorFor(path)}
          </Box>
        )}
      </Box>
    </Box>
  );
}
