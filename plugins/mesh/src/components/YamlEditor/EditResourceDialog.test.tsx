import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  reviewsLive,
  reviewsPreview,
  reviewsV3Yaml,
  reviewsYaml,
} from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { responseError } from '../../testing/responseError';
import { EditResourceDialog } from './EditResourceDialog';
import type { YamlEditorProps } from './YamlEditor';

// CodeMirror is exercised in YamlEditor.test.tsx and the e2e; typing into it under jsdom is not
// reliable, so here the editor is a textarea with the same props. The linting under test is ours.
jest.mock('./YamlEditor', () => ({
  YamlEditor: (props: YamlEditorProps) => (
    <textarea
      aria-label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
    />
  ),
}));

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

const reviews = { kind: 'component', namespace: 'default', name: 'reviews' };
const vs = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
};

async function render(
  api: ReturnType<typeof mockMeshApi>,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entityRef = reviews,
) {
  const onApplied = jest.fn();
  const result = await renderWithApis(
    <EditResourceDialog
      open
      entityRef={entityRef}
      cluster="east"
      resource={vs}
      onClose={jest.fn()}
      onApplied={onApplied}
    />,
    api,
    authorize,
  );
  return { ...result, onApplied };
}

const editor = () =>
  screen.findByRole('textbox', {
    name: 'YAML of VirtualService bookinfo/reviews',
  });
const setText = async (text: string) =>
  fireEvent.change(await editor(), { target: { value: text } });
const previewButton = () => screen.getByRole('button', { name: 'Preview' });

describe('EditResourceDialog', () => {
  it('marks a typo and blocks Preview before anything is sent, then previews, reviews and applies the fix', async () => {
    const applied = {
      id: 'chg-2',
      status: 'applied' as const,
      appliedAt: '2026-03-02T10:01:00Z',
      resources: [],
    };
    const api = mockMeshApi({
      getLiveResource: jest.fn().mockResolvedValue(reviewsLive()),
      previewChange: jest.fn().mockResolvedValue(reviewsPreview()),
      applyChange: jest.fn().mockResolvedValue(applied),
    });
    const { onApplied } = await render(api);

    expect(await editor()).toHaveValue(reviewsYaml);
    expect(api.getLiveResource).toHaveBeenCalledWith(reviews, {
      cluster: 'east',
      ...vs,
    });
    expect(
      screen.getByRole('dialog', {
        name: 'Edit VirtualService bookinfo/reviews',
      }),
    ).toBeInTheDocument();

    await setText(reviewsYaml.replace('subset: v1', 'subsett: v1'));
    const problems = screen.getByRole('list', { name: 'problems in the YAML' });
    expect(problems).toHaveTextContent('Line 13: error IST0106');
    expect(problems).toHaveTextContent('unknown field "subsett"');
    expect(screen.getByTestId('preview-blocked-reason')).toHaveTextContent(
      'Fix the error marked in the editor first.',
    );
    expect(previewButton()).toBeDisabled();
    expect(api.previewChange).not.toHaveBeenCalled();

    await setText(reviewsV3Yaml);
    expect(screen.getByTestId('yaml-problems')).toHaveTextContent(
      'No problems found',
    );
    await userEvent.type(
      screen.getByLabelText('Why (kept in the history)'),
      'all to v3',
    );
    await waitFor(() => expect(previewButton()).toBeEnabled());
    await userEvent.click(previewButton());

    expect(api.previewChange).toHaveBeenCalledWith({
      entityRef: 'component:default/reviews',
      cluster: 'east',
      resources: [{ action: 'apply', manifest: reviewsV3Yaml }],
      description: 'all to v3',
    });
    const review = await screen.findByRole('dialog', { name: 'Review change' });
    const apply = within(review).getByRole('button', { name: 'Apply' });
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(applied));
  });

  it("shows the backend's 400 under the editor", async () => {
    const api = mockMeshApi({
      getLiveResource: jest.fn().mockResolvedValue(reviewsLive()),
      previewChange: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'resources[0] VirtualService bookinfo/reviews: spec.hosts must not be empty',
          ),
        ),
    });
    await render(api);
    await editor();
    await waitFor(() => expect(previewButton()).toBeEnabled());
    await userEvent.click(previewButton());
    expect(await screen.findByTestId('preview-error')).toHaveTextContent(
      'spec.hosts must not be empty',
    );
  });

  it('says why Preview is disabled without the permission', async () => {
    const api = mockMeshApi({
      getLiveResource: jest.fn().mockResolvedValue(reviewsLive()),
    });
    await render(api, AuthorizeResult.DENY, {
      kind: 'component',
      namespace: 'default',
      name: 'denied',
    });
    await editor();
    await waitFor(() =>
      expect(screen.getByTestId('preview-blocked-reason')).toHaveTextContent(
        /mesh.config.update permission on component:default\/denied/,
      ),
    );
    expect(previewButton()).toBeDisabled();
  });

  it('says when the live object cannot be loaded', async () => {
    const api = mockMeshApi({
      getLiveResource: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            404,
            'NotFoundError',
            'VirtualService bookinfo/reviews not found in cluster east',
          ),
        ),
    });
    await render(api);
    expect(
      await screen.findByText(
        /Could not load VirtualService bookinfo\/reviews: VirtualService bookinfo\/reviews not found/,
      ),
    ).toBeInTheDocument();
    expect(previewButton()).toBeDisabled();
  });
});
