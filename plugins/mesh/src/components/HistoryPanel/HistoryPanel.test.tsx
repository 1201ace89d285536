import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { reviewsHistory, reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryPanel } from './HistoryPanel';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

const reviews = { kind: 'component', namespace: 'default', name: 'reviews' };

async function render(
  api: ReturnType<typeof mockMeshApi>,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entityRef = reviews,
) {
  const onChanged = jest.fn();
  const result = await renderWithApis(
    <HistoryPanel
      entityRef={entityRef}
      refreshIntervalMs={60_000}
      onChanged={onChanged}
    />,
    api,
    authorize,
  );
  return { ...result, onChanged };
}

describe('HistoryPanel', () => {
  it('lists the changes newest first with who, status, description and resources, and shows a diff on demand', async () => {
    const api = mockMeshApi({
      getChangeHistory: jest.fn().mockResolvedValue(reviewsHistory()),
    });
    await render(api);
    const table = await screen.findByRole('table', { name: 'change history' });
    const rows = within(table)
      .getAllByRole('row')
      .filter(r => r.getAttribute('data-testid')?.startsWith('change-'));
    expect(rows.map(r => r.getAttribute('data-testid'))).toEqual([
      'change-chg-2',
      'change-chg-1',
    ]);
    expect(rows[0]).toHaveTextContent('user:default/guest');
    expect(rows[0]).toHaveTextContent('applied');
    expect(rows[0]).toHaveTextContent('all reviews traffic to v3');
    expect(rows[0]).toHaveTextContent(
      'east: VirtualService bookinfo/reviews (update)',
    );
    expect(rows[1]).toHaveTextContent('conflict');
    // Only an applied change can be reverted.
    expect(
      within(rows[1]).queryByRole('button', { name: /revert/ }),
    ).not.toBeInTheDocument();
    expect(api.getChangeHistory).toHaveBeenCalledWith(reviews);

    expect(
      screen.queryByRole('table', {
        name: 'diff of VirtualService bookinfo/reviews',
      }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(rows[1]).getByRole('button', {
        name: 'show diff of change chg-1',
      }),
    );
    const diff = await screen.findByRole('table', {
      name: 'diff of VirtualService bookinfo/reviews',
    });
    expect(diff.querySelector('[data-diff-line="insert"]')).toHaveTextContent(
      'subset: v3',
    );
    expect(
      screen.getByText(
        'VirtualService bookinfo/reviews changed since the preview (resourceVersion 11 → 12)',
      ),
    ).toBeInTheDocument();
  });

  it('reverts through a new preview that is reviewed and applied like any change', async () => {
    const revert = reviewsPreview({
      id: 'chg-3',
      revertOf: 'chg-2',
      description: undefined,
    });
    const api = mockMeshApi({
      getChangeHistory: jest.fn().mockResolvedValue(reviewsHistory()),
      revertChange: jest.fn().mockResolvedValue(revert),
      applyChange: jest.fn().mockResolvedValue({
        id: 'chg-3',
        status: 'applied',
        appliedAt: '2026-03-02T11:00:00Z',
        resources: [],
      }),
    });
    const { onChanged } = await render(api);
    const revertButton = await screen.findByRole('button', {
      name: 'revert change chg-2',
    });
    await waitFor(() => expect(revertButton).toBeEnabled());
    await userEvent.click(revertButton);
    expect(api.revertChange).toHaveBeenCalledWith('chg-2');

    const review = await screen.findByRole('dialog', {
      name: 'Review revert of change chg-2',
    });
    expect(review).toHaveTextContent('reverts change chg-2');
    const apply = within(review).getByRole('button', { name: 'Apply' });
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);
    expect(api.applyChange).toHaveBeenCalledWith('chg-3');
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    await waitFor(() => expect(api.getChangeHistory).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('disables Revert with the reason without the permission', async () => {
    const denied = {
      kind: 'component',
      namespace: 'default',
      name: 'no-revert',
    };
    const api = mockMeshApi({
      getChangeHistory: jest.fn().mockResolvedValue(reviewsHistory()),
    });
    await render(api, AuthorizeResult.DENY, denied);
    const revertButton = await screen.findByRole('button', {
      name: 'revert change chg-2',
    });
    await waitFor(() =>
      expect(revertButton.parentElement).toHaveAttribute(
        'title',
        expect.stringMatching(
          /mesh.config.update permission on component:default\/no-revert/,
        ),
      ),
    );
    expect(revertButton).toBeDisabled();
  });

  it('says when there is no change yet', async () => {
    await render(
      mockMeshApi({ getChangeHistory: jest.fn().mockResolvedValue([]) }),
    );
    expect(await screen.findByText(/No changes yet/)).toBeInTheDocument();
  });
});
