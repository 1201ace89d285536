import fs from 'node:fs';
import path from 'node:path';
import { useState } from 'react';
import { parse as parseYaml } from 'yaml';
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityTraffic } from '@meshport/plugin-mesh-common';
import {
  createFieldValidation,
  Stepper,
} from '@backstage/plugin-scaffolder-react/alpha';
import { MeshApi } from '../../api/MeshApi';
import { MeshCanaryTarget } from '../../lib/canaryTargets';
import {
  reviewsCluster,
  reviewsDestinationRule,
  reviewsVersionsTraffic,
} from '../../testing/canaryTargetFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  meshCanaryTargetPickerOptions,
  validateMeshCanaryTarget,
} from './fieldOptions';
import {
  MeshCanaryTargetPicker,
  MeshCanaryTargetPickerProps,
} from './MeshCanaryTargetPicker';

// MUI selects render slowly in jsdom, more so in a parallel repo-wide run.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

/**
 * The field as the Scaffolder's form holds it: the value lives in the form (here in state) and
 * comes back as formData; the other pages' values arrive in formContext.formData.
 */
function Form(props: {
  onChange: jest.Mock;
  entity?: string;
  initial?: Partial<MeshCanaryTarget>;
}) {
  const [value, setValue] = useState(props.initial as MeshCanaryTarget);
  const fieldProps = {
    name: 'target',
    schema: { type: 'object', title: 'Canary target' },
    uiSchema: { 'ui:options': { entityField: 'entity' } },
    idSchema: { $id: 'root_target' },
    formData: value,
    formContext: { formData: { entity: props.entity } },
    onChange: (v: MeshCanaryTarget | undefined) => {
      props.onChange(v);
      setValue(v as MeshCanaryTarget);
    },
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    disabled: false,
    readonly: false,
    rawErrors: [],
    registry: {},
  } as unknown as MeshCanaryTargetPickerProps;
  return <MeshCanaryTargetPicker {...fieldProps} />;
}

function apiReturning(traffic: EntityTraffic) {
  return mockMeshApi({
    getEntityTraffic: jest.fn().mockResolvedValue(traffic),
  });
}

async function render(
  api: MeshApi,
  entity: string | undefined = 'component:default/reviews',
  initial?: Partial<MeshCanaryTarget>,
) {
  const onChange = jest.fn();
  await renderWithApis(
    <Form onChange={onChange} entity={entity} initial={initial} />,
    api,
  );
  return onChange;
}

async function choose(label: RegExp, option: RegExp) {
  await userEvent.click(await screen.findByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('MeshCanaryTargetPicker', () => {
  it('preselects the routed version as stable, and gives the chosen Service and versions as the value', async () => {
    const api = apiReturning(reviewsVersionsTraffic());
    const onChange = await render(api);

    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith({
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
        canaryVersion: 'v3',
      }),
    );
    expect(api.getEntityTraffic).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    });
    expect(screen.getByLabelText(/^Service/)).toHaveTextContent(
      'bookinfo/reviews',
    );
    expect(screen.getByLabelText(/^Stable version/)).toHaveTextContent(
      'v1 — 1 of 1 pods ready, 100 % of requests now',
    );

    await choose(/^Canary version/, /^v2/);
    expect(onChange).toHaveBeenLastCalledWith({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v2',
    });
    await choose(/^Stable version/, /^v3/);
    expect(onChange).toHaveBeenLastCalledWith({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v3',
      canaryVersion: 'v2',
    });
  });

  it('offers versions without ready pods disabled', async () => {
    const traffic = reviewsVersionsTraffic();
    traffic.clusters[0].resources[1] = reviewsDestinationRule('east', [
      {
        name: 'v1',
        labels: { version: 'v1' },
        pods: 1,
        readyPods: 1,
        policies: [],
      },
      {
        name: 'v4',
        labels: { version: 'v4' },
        pods: 2,
        readyPods: 0,
        policies: [],
      },
    ]);
    await render(apiReturning(traffic));
    await userEvent.click(await screen.findByLabelText(/^Canary version/));
    expect(
      await screen.findByRole('option', { name: /^v4 — 0 of 2 pods ready/ }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.getByText(
        'No other version of bookinfo/reviews has ready pods: deploy the new release first',
      ),
    ).toBeInTheDocument();
  });

  it('says so on the field when both versions are the same, and the validation refuses it', async () => {
    const onChange = await render(apiReturning(reviewsVersionsTraffic()));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    await choose(/^Canary version/, /^v1/);
    expect(
      await screen.findByText('Must differ from the stable version'),
    ).toBeInTheDocument();
    const value = onChange.mock.lastCall[0];
    expect(value).toMatchObject({ stableVersion: 'v1', canaryVersion: 'v1' });

    const validation = createFieldValidation();
    await validateMeshCanaryTarget(value, validation, {} as never);
    expect(validation.__errors).toEqual([
      'The canary version must differ from the stable version',
    ]);
  });

  it('names the cluster when the Services span several, and sends it in the value', async () => {
    const onChange = await render(
      apiReturning(reviewsVersionsTraffic(['east', 'west'])),
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(
        expect.objectContaining({ cluster: 'east' }),
      ),
    );
    await choose(/^Service/, /^bookinfo\/reviews \(cluster west\)/);
    expect(onChange).toHaveBeenLastCalledWith({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v3',
      cluster: 'west',
    });
  });

  it('keeps a valid value it is given back (the user returned to the page)', async () => {
    const onChange = await render(
      apiReturning(reviewsVersionsTraffic()),
      'component:default/reviews',
      {
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v2',
        canaryVersion: 'v3',
      },
    );
    expect(await screen.findByLabelText(/^Stable version/)).toHaveTextContent(
      /^v2/,
    );
    expect(onChange).not.toHaveBeenCalled();
  });

  it('lets the versions be typed when no subset names them', async () => {
    const onChange = await render(
      apiReturning({
        entityRef: 'component:default/reviews',
        generatedAt: new Date().toISOString(),
        clusters: [reviewsCluster('east', [])],
      }),
    );
    expect(
      await screen.findByText(/its versions are not known here/),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Stable version/), 'v1');
    await userEvent.type(screen.getByLabelText(/^Canary version/), 'v2');
    expect(onChange).toHaveBeenLastCalledWith({
      namespace: 'bookinfo',
      service: 'reviews',
      stableVersion: 'v1',
      canaryVersion: 'v2',
    });
  });

  it('says plainly when the component has no Services in the mesh', async () => {
    const onChange = await render(
      apiReturning({
        entityRef: 'component:default/reviews',
        generatedAt: new Date().toISOString(),
        clusters: [],
      }),
    );
    expect(
      await screen.findByText(
        /component:default\/reviews has no Services in the mesh/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Service/)).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows the backend's error when the Services cannot be loaded", async () => {
    const api = mockMeshApi({
      getEntityTraffic: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'mesh.entity.read is not allowed on component:default/reviews',
          ),
        ),
    });
    await render(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the Services of component:default/reviews from the mesh: mesh.entity.read is not allowed on component:default/reviews',
    );
  });

  it('asks for a component first, without calling the mesh', async () => {
    const api = mockMeshApi();
    await render(api, '');
    expect(
      await screen.findByText(
        'Choose a component first: its Services are listed here.',
      ),
    ).toBeInTheDocument();
    expect(api.getEntityTraffic).not.toHaveBeenCalled();
  });
});

describe('validateMeshCanaryTarget', () => {
  it('accepts a complete value and names what is missing otherwise', async () => {
    const ok = createFieldValidation();
    await validateMeshCanaryTarget(
      {
        namespace: 'bookinfo',
        service: 'reviews',
        stableVersion: 'v1',
        canaryVersion: 'v3',
      },
      ok,
      {} as never,
    );
    expect(ok.__errors).toEqual([]);

    const missing = createFieldValidation();
    await validateMeshCanaryTarget(
      { namespace: 'bookinfo', service: 'reviews' },
      missing,
      {} as never,
    );
    expect(missing.__errors).toEqual([
      'Choose the stable version',
      'Choose the canary version',
    ]);
  });
});

describe('the Canary release template page in the Scaffolder stepper', () => {
  // The stepper scrolls to the top on every page; jsdom has no scrolling.
  beforeAll(() => {
    jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterAll(() => jest.restoreAllMocks());

  // The template's real "Service and versions" page, with the field as the app registers it.
  const template = parseYaml(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../scaffolder-backend-module-mesh/templates/canary-release/template.yaml',
      ),
      'utf8',
    ),
  );
  const page = template.spec.parameters.find(
    (p: { title: string }) => p.title === 'Service and versions',
  );

  async function renderStepper(api: MeshApi) {
    const onCreate = jest.fn(async () => {});
    await renderWithApis(
      <Stepper
        manifest={{
          title: 'Canary release',
          steps: [{ title: page.title, schema: page }],
        }}
        extensions={[meshCanaryTargetPickerOptions]}
        initialState={{ entity: 'component:default/reviews' }}
        onCreate={onCreate}
      />,
      api,
    );
    return onCreate;
  }

  it('reads the entity from the first page, refuses one version twice, and reviews the target', async () => {
    const onCreate = await renderStepper(
      apiReturning(reviewsVersionsTraffic()),
    );
    expect(await screen.findByLabelText(/^Stable version/)).toHaveTextContent(
      /^v1/,
    );
    await choose(/^Canary version/, /^v1/);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findAllByText(
        /The canary version must differ from the stable version/,
      ),
    ).not.toHaveLength(0);
    expect(screen.getByLabelText(/^Canary version/)).toBeInTheDocument();

    await choose(/^Canary version/, /^v3/);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith({
        entity: 'component:default/reviews',
        target: {
          namespace: 'bookinfo',
          service: 'reviews',
          stableVersion: 'v1',
          canaryVersion: 'v3',
        },
      }),
    );
  });
});
