import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TrafficWizardMenu } from './TrafficWizardMenu';
import { liveReviews, reviewsTraffic } from './wizardTestData';

// MUI dialogs render slowly in jsdom, more so in a parallel repo-wide run.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

const entityRef = { kind: 'component', namespace: 'default', name: 'reviews' };

async function openWizard(api: ReturnType<typeof mockMeshApi>, item: string) {
  await renderWithApis(
    <TrafficWizardMenu
      entityRef={entityRef}
      cluster="east"
      traffic={reviewsTraffic()}
      onApplied={jest.fn()}
    />,
    api,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Change traffic' }));
  await userEvent.click(await screen.findByRole('menuitem', { name: item }));
  return screen.findByRole('dialog', { name: item });
}

async function setField(dialog: HTMLElement, label: string, value: string) {
  const input = await within(dialog).findByLabelText(label);
  await userEvent.clear(input);
  if (value) await userEvent.type(input, value);
}

async function preview(dialog: HTMLElement) {
  await userEvent.click(
    within(dialog).getByRole('button', { name: 'Preview' }),
  );
}

describe('CircuitBreakingDialog', () => {
  it('shows the error of a negative max connections on its field', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const dialog = await openWizard(api, 'Circuit breaking');
    await setField(dialog, 'Max connections', '-1');
    await preview(dialog);
    expect(
      await within(dialog).findByText('a whole number of at least 1'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Max connections')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.previewChange).not.toHaveBeenCalled();
  });
});

describe('LoadBalancingDialog', () => {
  it('shows the error of a cookie without TTL on its field', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const dialog = await openWizard(api, 'Load balancing');
    await userEvent.click(within(dialog).getByLabelText('Balancing'));
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'Consistent hash on a cookie',
      }),
    );
    await setField(dialog, 'Cookie TTL (e.g. 3600s)', '');
    await preview(dialog);
    expect(
      await within(dialog).findByText('a duration such as 10s or 500ms'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText('Cookie TTL (e.g. 3600s)'),
    ).toHaveAttribute('aria-invalid', 'true');
    expect(api.previewChange).not.toHaveBeenCalled();
  });
});

describe('MirroringDialog', () => {
  it('shows the error of a percentage over 100 on its field', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const dialog = await openWizard(api, 'Mirroring');
    await userEvent.click(within(dialog).getByLabelText('Mirror to version'));
    await userEvent.click(await screen.findByRole('option', { name: 'v3' }));
    await setField(dialog, 'Of requests (%)', '150');
    await preview(dialog);
    expect(
      await within(dialog).findByText('must be between 0 and 100'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Of requests (%)')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.previewChange).not.toHaveBeenCalled();
  });
});

describe('LocalRateLimitDialog', () => {
  it('shows the error of a too short fill interval on its field', async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    const dialog = await openWizard(api, 'Local rate limit');
    await setField(dialog, 'Fill interval (e.g. 1s)', '10ms');
    await preview(dialog);
    expect(
      await within(dialog).findByText(
        'a duration of at least 50ms, such as 1s or 1m',
      ),
    ).toBeInTheDocument();
    expect(api.previewChange).not.toHaveBeenCalled();
  });

  it("previews an EnvoyFilter for the Service's pods", async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    api.previewChange.mockResolvedValue(reviewsPreview());
    const dialog = await openWizard(api, 'Local rate limit');
    await setField(dialog, 'Bucket size (max tokens)', '20');
    await setField(dialog, 'Tokens per fill', '10');
    await setField(dialog, 'Fill interval (e.g. 1s)', '1m');
    await waitFor(() =>
      expect(api.getLiveResource).toHaveBeenCalledWith(entityRef, {
        cluster: 'east',
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'bookinfo',
        name: 'reviews',
      }),
    );
    await preview(dialog);
    await waitFor(() => expect(api.previewChange).toHaveBeenCalledTimes(1));
    const request = api.previewChange.mock.calls[0][0];
    expect(request).toMatchObject({
      entityRef: 'component:default/reviews',
      cluster: 'east',
    });
    expect(request.resources).toEqual([
      {
        action: 'apply',
        manifest: {
          apiVersion: 'networking.istio.io/v1alpha3',
          kind: 'EnvoyFilter',
          metadata: { name: 'reviews-local-ratelimit', namespace: 'bookinfo' },
          spec: {
            workloadSelector: { labels: { app: 'reviews' } },
            configPatches: [
              {
                applyTo: 'HTTP_FILTER',
                match: {
                  context: 'SIDECAR_INBOUND',
                  listener: {
                    filterChain: {
                      filter: {
                        name: 'envoy.filters.network.http_connection_manager',
                      },
                    },
                  },
                },
                patch: {
                  operation: 'INSERT_BEFORE',
                  value: {
                    name: 'envoy.filters.http.local_ratelimit',
                    typed_config: {
                      '@type':
                        'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                      stat_prefix: 'http_local_rate_limiter',
                      token_bucket: {
                        max_tokens: 20,
                        tokens_per_fill: 10,
                        fill_interval: '1m',
                      },
                      filter_enabled: {
                        runtime_key: 'local_rate_limit_enabled',
                        default_value: {
                          numerator: 100,
                          denominator: 'HUNDRED',
                        },
                      },
                      filter_enforced: {
                        runtime_key: 'local_rate_limit_enforced',
                        default_value: {
                          numerator: 100,
                          denominator: 'HUNDRED',
                        },
                      },
                      response_headers_to_add: [
                        {
                          append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
                          header: { key: 'x-local-rate-limit', value: 'true' },
                        },
                      ],
                    },
                  },
                },
              },
            ],
          },
        },
      },
    ]);
    expect(
      await screen.findByRole('dialog', { name: 'Review: Local rate limit' }),
    ).toBeInTheDocument();
  });
});

describe('Remove local rate limit', () => {
  it("previews deleting the wizard's EnvoyFilter", async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(liveReviews) });
    api.previewChange.mockResolvedValue(reviewsPreview());
    const dialog = await openWizard(api, 'Remove local rate limit');
    await preview(dialog);
    await waitFor(() => expect(api.previewChange).toHaveBeenCalledTimes(1));
    expect(api.previewChange.mock.calls[0][0].resources).toEqual([
      {
        action: 'delete',
        manifest: {
          apiVersion: 'networking.istio.io/v1alpha3',
          kind: 'EnvoyFilter',
          metadata: { name: 'reviews-local-ratelimit', namespace: 'bookinfo' },
        },
      },
    ]);
  });
});
