import { useEffect, useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import {
  CanaryTargetService,
  CanaryTargetVersion,
  canaryTargetServices,
  initialTarget,
  MeshCanaryTarget,
  preselectedVersions,
  sameTarget,
  selectableVersions,
  serviceOfTarget,
  spansClusters,
  targetValue,
} from '../../lib/canaryTargets';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';

/** `ui:options` of the field. */
export type MeshCanaryTargetPickerUiOptions = {
  /** The form field holding the entity ref (an `OwnedEntityPicker`'s value); default `entity`. */
  entityField?: string;
};

export type MeshCanaryTargetPickerProps = FieldExtensionComponentProps<
  MeshCanaryTarget,
  MeshCanaryTargetPickerUiOptions
>;

function entityOf(value: unknown): MeshEntityRef | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return {
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: ref.namespace,
      name: ref.name,
    };
  } catch {
    return undefined;
  }
}

const serviceKey = (s: { cluster: string; namespace: string; name: string }) =>
  `${s.cluster}/${s.namespace}/${s.name}`;

function versionLabel(v: CanaryTargetVersion): string {
  const parts = [`${v.readyPods} of ${v.pods} pods ready`];
  if (v.weight !== undefined) parts.push(`${v.weight} % of requests now`);
  return `${v.version} — ${parts.join(', ')}`;
}

function VersionSelect(props: {
  id: string;
  label: string;
  service: CanaryTargetService;
  value?: string;
  error?: string;
  hint?: string;
  disabled: boolean;
  onChange: (version: string) => void;
}) {
  const { id, label, service, value, error, hint, disabled, onChange } = props;
  const selectable = selectableVersions(service);
  return (
    <TextField
      select
      id={id}
      label={label}
      required
      value={value && selectable.includes(value) ? value : ''}
      onChange={e => onChange(e.target.value)}
      error={!!error}
      helperText={error ?? hint}
      disabled={disabled}
      fullWidth
    >
      {service.versions.map(v => (
        <MenuItem
          key={v.version}
          value={v.version}
          disabled={!selectable.includes(v.version)}
        >
          {versionLabel(v)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * Versions typed by hand, for a Service whose DestinationRule lists no `version` subsets: the
 * backend still checks that pods carry them, and creates the subsets.
 */
function TypedVersions(props: {
  id: string;
  service: CanaryTargetService;
  value: Partial<MeshCanaryTarget>;
  sameVersion: boolean;
  disabled: boolean;
  set: (versions: { stableVersion?: string; canaryVersion?: string }) => void;
}) {
  const { id, service, value, sameVersion, disabled, set } = props;
  return (
    <>
      <Alert severity="info">
        No DestinationRule of {service.namespace}/{service.name} has subsets
        with a <code>version</code> label, so its versions are not known here.
        Type the <code>version</code> labels of its pods: the canary creates the
        subsets.
      </Alert>
      <TextField
        id={`${id}-stable`}
        label="Stable version"
        required
        value={value.stableVersion ?? ''}
        onChange={e => set({ stableVersion: e.target.value.trim() })}
        helperText="The version label of the pods serving now, e.g. v1"
        disabled={disabled}
        fullWidth
      />
      <TextField
        id={`${id}-canary`}
        label="Canary version"
        required
        value={value.canaryVersion ?? ''}
        onChange={e => set({ canaryVersion: e.target.value.trim() })}
        error={sameVersion}
        helperText={
          sameVersion
            ? 'Must differ from the stable version'
            : "The version label of the new release's pods, e.g. v2"
        }
        disabled={disabled}
        fullWidth
      />
    </>
  );
}

/**
 * The "Service and versions" field of the Canary release template: the chosen component's
 * Services in the mesh, and for one of them the stable and canary versions (its DestinationRule
 * subsets' `version` labels), starting from the version the default route favours as stable.
 */
export function MeshCanaryTargetPicker(props: MeshCanaryTargetPickerProps) {
  const {
    formData,
    onChange,
    formContext,
    uiSchema,
    rawErrors,
    schema,
    disabled,
    readonly,
  } = props;
  const id = useId();
  const meshApi = useApi(meshApiRef);
  const entityField = uiSchema?.['ui:options']?.entityField ?? 'entity';
  // The Scaffolder's stepper hands every page's values to each field as formContext.formData.
  const siblings = (formContext as { formData?: Record<string, unknown> })
    ?.formData;
  const entity = entityOf(siblings?.[entityField]);
  const entityRef = entity ? formatEntityRef(entity) : undefined;

  const loaded = useAsync(async () => {
    if (!entity) return undefined;
    return canaryTargetServices(await meshApi.getEntityTraffic(entity));
    // The ref string identifies the entity; the parsed object is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meshApi, entityRef]);
  const services = loaded.value;

  // Once the Services are known, settle the value: keep a still valid choice (the user went
  // back a page), else preselect. Only on load: afterwards the user's choices rule.
  useEffect(() => {
    if (!services) return;
    const next = initialTarget(services, formData);
    if (next && !sameTarget(next, formData)) onChange(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [services]);

  const title = schema.title ?? 'Service and versions';
  const heading = (
    <>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
    </>
  );
  const errors = rawErrors?.length ? (
    <FormHelperText error>{rawErrors.join('; ')}</FormHelperText>
  ) : null;

  if (!entity) {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {heading}
        <Alert severity="info">
          Choose a component first: its Services are listed here.
        </Alert>
        {errors}
      </Box>
    );
  }
  if (loaded.loading) {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {heading}
        <Progress />
      </Box>
    );
  }
  if (loaded.error) {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {heading}
        <Alert severity="error">
          Could not load the Services of {entityRef} from the mesh:{' '}
          {describeApiError(loaded.error)}
        </Alert>
        {errors}
      </Box>
    );
  }
  if (!services || services.length === 0) {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {heading}
        <Alert severity="warning">
          {entityRef} has no Services in the mesh: no registered cluster has a
          Service of it, so there is no traffic to shift. Its Mesh tab shows
          what Meshport finds for it.
        </Alert>
        {errors}
      </Box>
    );
  }

  const withCluster = spansClusters(services);
  const service = serviceOfTarget(services, formData);
  const value: Partial<MeshCanaryTarget> = formData ?? {};
  const locked = disabled || readonly;
  const setVersions = (versions: {
    stableVersion?: string;
    canaryVersion?: string;
  }) => {
    if (!service) return;
    onChange(
      targetValue(service, withCluster, {
        stableVersion: value.stableVersion,
        canaryVersion: value.canaryVersion,
        ...versions,
      }),
    );
  };
  const sameVersion =
    !!value.stableVersion && value.stableVersion === value.canaryVersion;
  const noOther =
    service &&
    service.versions.length > 0 &&
    selectableVersions(service).filter(v => v !== value.stableVersion)
      .length === 0;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      {heading}
      <TextField
        select
        id={`${id}-service`}
        label="Service"
        required
        value={service ? serviceKey(service) : ''}
        onChange={e => {
          const chosen = services.find(s => serviceKey(s) === e.target.value);
          if (chosen)
            onChange(
              targetValue(chosen, withCluster, preselectedVersions(chosen)),
            );
        }}
        helperText={
          withCluster
            ? "The component's Services, in every cluster that has them"
            : "The component's Services in the mesh"
        }
        disabled={locked}
        fullWidth
      >
        {services.map(s => (
          <MenuItem key={serviceKey(s)} value={serviceKey(s)}>
            {withCluster
              ? `${s.namespace}/${s.name} (cluster ${s.cluster})`
              : `${s.namespace}/${s.name}`}
          </MenuItem>
        ))}
      </TextField>
      {service && service.versions.length === 0 && (
        <TypedVersions
          id={id}
          service={service}
          value={value}
          sameVersion={sameVersion}
          disabled={locked}
          set={setVersions}
        />
      )}
      {service && service.versions.length > 0 && (
        <>
          <VersionSelect
            id={`${id}-stable`}
            label="Stable version"
            service={service}
            value={value.stableVersion}
            hint="Keeps the requests the canary does not get; preselected: the version the default route favours"
            disabled={locked}
            onChange={v => setVersions({ stableVersion: v })}
          />
          <VersionSelect
            id={`${id}-canary`}
            label="Canary version"
            service={service}
            value={value.canaryVersion}
            error={
              sameVersion ? 'Must differ from the stable version' : undefined
            }
            hint={
              noOther
                ? `No other version of ${service.namespace}/${service.name} has ready pods: deploy the new release first`
                : 'The new release; its pods must be running'
            }
            disabled={locked}
            onChange={v => setVersions({ canaryVersion: v })}
          />
        </>
      )}
      {errors}
    </Box>
  );
}
