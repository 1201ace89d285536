import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { responseError } from '../../testing/responseError';
import {
  ChangeReviewDialog,
  ChangeReviewDialogProps,
} from './ChangeReviewDialog';

// MUI dialogs render slowly in jsdom, more so in a parallel repo-wide run.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

async function render(
  api: ReturnType<typeof mockMeshApi>,
  props: Partial<ChangeReviewDialogProps> = {},
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const onApplied = jest.fn();
  const onClose = jest.fn();
  const result = await renderWithApis(
    <ChangeReviewDialog
      open
      preview={reviewsPreview()}
      onApplied={onApplied}
      onClose={onClose}
      {...props}
    />,
    api,
    authorize,
  );
  return { ...result, onApplied, onClose };
}

const applyButton = () => screen.getByRole('button', { name: 'Apply' });

describe('ChangeReviewDialog', () => {
  it('shows the coloured diff, the findings introduced and fixed, and the dry run', async () => {
    await render(mockMeshApi());
    const dialog = await screen.findByRole('dialog', { name: 'Review change' });
    expect(within(dialog).getByText('update')).toBeInTheDocument();
    expect(
      within(dialog).getByText('VirtualService bookinfo/reviews'),
    ).toBeInTheDocument();

    const diff = within(dialog).getByRole('table', {
      name: 'diff of VirtualService bookinfo/reviews',
    });
    const removed = diff.querySelector('[data-diff-line="delete"]')!;
    const added = diff.querySelector('[data-diff-line="insert"]')!;
    expect(removed).toHaveTextContent('subset: v1');
    expect(added).toHaveTextContent('subset: v3');
    // Coloured, not just marked: a reviewer scans the colours first.
    expect(getComputedStyle(added).backgroundColor).not.toBe(
      getComputedStyle(removed).backgroundColor,
    );
    expect(diff.querySelector('[data-diff-line="hunk"]')).toHaveTextContent(
      '@@ -10,4 +10,4 @@',
    );

    const introduced = within(dialog).getByRole('list', {
      name: 'findings introduced',
    });
    expect(within(introduced).getByText('IST0101')).toBeInTheDocument();
    expect(
      within(introduced).getByText(
        /Referenced host\+subset in destinationrule not found/,
      ),
    ).toBeInTheDocument();
    expect(
      within(introduced).getByText(
        'VirtualService bookinfo/reviews · spec.http[0].route[0].destination.subset',
      ),
    ).toBeInTheDocument();
    const fixed = within(dialog).getByRole('list', { name: 'findings fixed' });
    expect(within(fixed).getByText('IST0108')).toBeInTheDocument();

    expect(within(dialog).getByTestId('dry-run-result')).toHaveTextContent(
      'Dry run passed on cluster east.',
    );
    await waitFor(() => expect(applyButton()).toBeEnabled());
  });

  it('applies and reports success', async () => {
    const result = {
      id: 'chg-2',
      status: 'applied' as const,
      appliedAt: '2026-03-02T10:01:00Z',
      resources: [],
    };
    const api = mockMeshApi({
      applyChange: jest.fn().mockResolvedValue(result),
    });
    const { onApplied } = await render(api);
    await waitFor(() => expect(applyButton()).toBeEnabled());
    await userEvent.click(applyButton());
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(result));
    expect(api.applyChange).toHaveBeenCalledWith('chg-2');
  });

  it('disables Apply with the reason when the user lacks mesh.config.update on the entity', async () => {
    // usePermission caches answers by request in a module-wide SWR cache, so a denied entity must
    // differ from the allowed one the other tests ask about.
    await render(
      mockMeshApi(),
      { preview: reviewsPreview({ entityRef: 'component:default/ratings' }) },
      AuthorizeResult.DENY,
    );
    await waitFor(() =>
      expect(screen.getByTestId('blocked-reason')).toHaveTextContent(
        'You need the mesh.config.update permission on component:default/ratings',
      ),
    );
    expect(applyButton()).toBeDisabled();
    expect(applyButton()).toHaveAccessibleDescription(/mesh.config.update/);
  });

  it('disables Apply when the dry run failed, with the cluster messages', async () => {
    const preview = reviewsPreview({
      dryRun: {
        ok: false,
        messages: [
          {
            resource: 'VirtualService bookinfo/reviews',
            message: 'admission webhook denied the request',
          },
        ],
      },
    });
    await render(mockMeshApi(), { preview });
    expect(await screen.findByTestId('dry-run-result')).toHaveTextContent(
      'Dry run failed on cluster east:VirtualService bookinfo/reviews: admission webhook denied the request',
    );
    expect(screen.getByTestId('blocked-reason')).toHaveTextContent(
      "The cluster's dry run rejected this change",
    );
    expect(applyButton()).toBeDisabled();
  });

  it('shows a 409 prominently and offers to preview again', async () => {
    const message =
      'VirtualService bookinfo/reviews changed since the preview (resourceVersion 12 → 15)';
    const api = mockMeshApi({
      applyChange: jest
        .fn()
        .mockRejectedValue(await responseError(409, 'ConflictError', message)),
    });
    const fresh = reviewsPreview({ id: 'chg-3' });
    const onRepreview = jest.fn().mockResolvedValue(fresh);
    const { onApplied } = await render(api, { onRepreview });
    await waitFor(() => expect(applyButton()).toBeEnabled());
    await userEvent.click(applyButton());

    const conflict = await screen.findByTestId('apply-conflict');
    expect(conflict).toHaveTextContent('Changed since the preview');
    expect(conflict).toHaveTextContent(message);
    expect(applyButton()).toBeDisabled();
    expect(onApplied).not.toHaveBeenCalled();

    await userEvent.click(
      within(conflict).getByRole('button', { name: 'Preview again' }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('apply-conflict')).not.toBeInTheDocument(),
    );
    expect(onRepreview).toHaveBeenCalled();
    expect(applyButton()).toBeEnabled();
  });

  it('shows other failures as they come', async () => {
    const api = mockMeshApi({
      applyChange: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'not allowed'),
        ),
    });
    await render(api);
    await waitFor(() => expect(applyButton()).toBeEnabled());
    await userEvent.click(applyButton());
    expect(await screen.findByTestId('apply-error')).toHaveTextContent(
      'not allowed',
    );
  });

  it('exports instead of applying on a GitOps cluster', async () => {
    const api = mockMeshApi({
      exportChange: jest.fn().mockResolvedValue({
        id: 'chg-2',
        files: [
          {
            path: 'east/bookinfo/virtualservice-reviews.yaml',
            content: 'kind: VirtualService\n',
            action: 'apply',
          },
        ],
      }),
    });
    await render(api, { preview: reviewsPreview({ gitops: true }) });
    expect(await screen.findByText(/managed by GitOps/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Apply' }),
    ).not.toBeInTheDocument();
    const exportButton = screen.getByRole('button', { name: 'Export' });
    await waitFor(() => expect(exportButton).toBeEnabled());
    await userEvent.click(exportButton);

    const files = await screen.findByTestId('export-files');
    expect(
      within(files).getByText('east/bookinfo/virtualservice-reviews.yaml'),
    ).toBeInTheDocument();
    expect(
      within(files).getByRole('link', { name: 'Download' }),
    ).toHaveAttribute('download', 'virtualservice-reviews.yaml');
    expect(api.exportChange).toHaveBeenCalledWith('chg-2');
  });
});
