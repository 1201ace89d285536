import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TrafficWizardMenu } from './TrafficWizardMenu';
import { liveReviews, REVIEWS, reviewsTraffic } from './wizardTestData';

// MUI dialogs render slowly in jsdom, more so in a parallel repo-wide run.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

const entityRef = { kind: 'component', namespace: 'default', name: 'reviews' };

async function openWizard(api: ReturnType<typeof mockMeshApi>, item: string) {
  const onApplied = jest.fn();
  await renderWithApis(
    <TrafficWizardMenu
      entityRef={entityRef}
      cluster="east"
      traffic={reviewsTraffic()}
      onApplied={onApplied}
    />,
    api,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Change traffic' }));
  await userEvent.click(await screen.findByRole('menuitem', { name: item }));
  const dialog = await screen.findByRole('dialog', { name: item });
  return { dialog, onApplied };
}

async function setField(dialog: HTMLElement, label: string, value: string) {
  const input = await within(dialog).findByLabelText(label);
  await userEvent.clear(input);
  if (value) await userEvent.type(input, value);
}

describe('TrafficShiftingDialog', () => {
  it("starts from today's weights and marks the field when they do not add up to 100", async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const { dialog } = await openWizard(api, 'Traffic shifting');
    expect(await within(dialog).findByLabelText('v1 (%)')).toHaveValue(100);
    expect(within(dialog).getByLabelText('v3 (%)')).toHaveValue(0);
    await setField(dialog, 'v1 (%)', '50');
    await setField(dialog, 'v3 (%)', '40');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      await within(dialog).findByText(
        'the weights add up to 90; they must add up to 100',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('v3 (%)')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.previewChange).not.toHaveBeenCalled();
    expect(api.getLiveResource).toHaveBeenCalledWith(entityRef, {
      cluster: 'east',
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
    });
  });

  it('previews the edited VirtualService, keeping the other rules, and applies through the review', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    api.previewChange.mockResolvedValue(reviewsPreview());
    api.applyChange.mockResolvedValue({
      id: 'chg-2',
      status: 'applied',
      appliedAt: '2026-01-01T00:00:00Z',
      resources: [],
    });
    const { dialog, onApplied } = await openWizard(api, 'Traffic shifting');
    await setField(dialog, 'v1 (%)', '50');
    await setField(dialog, 'v3 (%)', '50');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await waitFor(() => expect(api.previewChange).toHaveBeenCalledTimes(1));
    const request = api.previewChange.mock.calls[0][0];
    expect(request).toMatchObject({
      entityRef: 'component:default/reviews',
      cluster: 'east',
    });
    // Every subset exists already: only the VirtualService changes.
    expect(request.resources).toEqual([
      {
        action: 'apply',
        manifest: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: {
            name: 'reviews',
            namespace: 'bookinfo',
            resourceVersion: '12',
          },
          spec: {
            hosts: ['reviews'],
            http: [
              {
                name: 'jason',
                match: [{ headers: { 'end-user': { exact: 'jason' } } }],
                route: [{ destination: { host: 'reviews', subset: 'v2' } }],
              },
              {
                route: [
                  { destination: { host: REVIEWS, subset: 'v1' }, weight: 50 },
                  { destination: { host: REVIEWS, subset: 'v3' }, weight: 50 },
                ],
              },
            ],
          },
        },
      },
    ]);
    const review = await screen.findByRole('dialog', {
      name: 'Review: Traffic shifting',
    });
    await userEvent.click(
      within(review).getByRole('button', { name: 'Apply' }),
    );
    await waitFor(() => expect(onApplied).toHaveBeenCalledTimes(1));
    expect(api.applyChange).toHaveBeenCalledWith('chg-2');
  });
});

describe('TrafficWizardMenu', () => {
  it('is disabled with the reason', async () => {
    await renderWithApis(
      <TrafficWizardMenu
        entityRef={entityRef}
        cluster="east"
        traffic={reviewsTraffic()}
        disabled
        disabledReason="You need mesh.config.update"
        onApplied={jest.fn()}
      />,
      mockMeshApi(),
    );
    expect(
      screen.getByRole('button', { name: 'Change traffic' }),
    ).toBeDisabled();
  });

  it('shows a generator error on its field in the fault wizard', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const { dialog } = await openWizard(api, 'Fault injection');
    await setField(dialog, 'Delay (e.g. 5s)', 'soon');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      await within(dialog).findByText('a duration such as 5s or 500ms'),
    ).toBeInTheDocument();
    expect(api.previewChange).not.toHaveBeenCalled();
  });
});
