import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { fixedSizeResizeObserver } from '../../testing/chartsInJsdom';
import { reviewsCharts } from '../../testing/metricsFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import { WorkloadMetricsPanel } from './WorkloadMetricsPanel';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

let restore: () => void;
beforeAll(() => {
  restore = fixedSizeResizeObserver();
});
afterAll(() => restore());

const reviews = { kind: 'component', namespace: 'default', name: 'reviews' };

describe('WorkloadMetricsPanel', () => {
  it('draws inbound and outbound charts of the workload and says where the metrics come from', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockResolvedValue(reviewsCharts()),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        cluster="east"
        namespace="bookinfo"
        workload="reviews-v2"
      />,
      api,
    );
    const inbound = await screen.findByRole('group', {
      name: 'Inbound: requests to workload bookinfo/reviews-v2',
    });
    expect(api.getEntityMetrics).toHaveBeenCalledWith(reviews, {
      window: '5m',
      cluster: 'east',
      namespace: 'bookinfo',
      workload: 'reviews-v2',
      service: undefined,
    });
    expect(
      screen.getByText(
        'Metrics of workload bookinfo/reviews-v2 in cluster east',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /From Prometheus at http:\/\/127.0.0.1:9090, one point every 15 s./,
      ),
    ).toBeInTheDocument();
    expect(
      within(inbound)
        .getAllByRole('figure')
        .map(f => f.getAttribute('aria-label')),
    ).toEqual(['Request rate', 'Errors', 'Latency']);
    expect(inbound.querySelectorAll('path.recharts-line-curve')).toHaveLength(
      6,
    );
    expect(
      screen.getByRole('group', {
        name: 'Outbound: requests from workload bookinfo/reviews-v2',
      }),
    ).toHaveTextContent('No requests in the window.');
  });

  it('refetches with the chosen window', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockResolvedValue(reviewsCharts()),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef="component:default/reviews"
        namespace="bookinfo"
        workload="reviews-v2"
      />,
      api,
    );
    await screen.findByRole('group', { name: /^Inbound/ });
    await userEvent.click(
      screen.getByRole('button', { name: /Last 5 minutes/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last hour' }),
    );
    await waitFor(() =>
      expect(api.getEntityMetrics).toHaveBeenLastCalledWith(
        'component:default/reviews',
        expect.objectContaining({ window: '1h', workload: 'reviews-v2' }),
      ),
    );
  });

  it('shows the inbound side only for a Service', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockResolvedValue(reviewsCharts()),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        cluster="east"
        namespace="bookinfo"
        service="reviews"
      />,
      api,
    );
    expect(
      await screen.findByRole('group', {
        name: 'Inbound: requests to Service bookinfo/reviews',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /^Outbound/ })).toBeNull();
    expect(api.getEntityMetrics).toHaveBeenCalledWith(
      reviews,
      expect.objectContaining({ service: 'reviews', workload: undefined }),
    );
  });

  it('shows why metrics are unavailable as an alert instead of charts', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockResolvedValue(
        reviewsCharts({
          metrics: {
            source: 'prometheus',
            description: 'Prometheus at http://127.0.0.1:9090',
            status: 'unavailable',
            message: 'Prometheus did not answer within 5 s',
          },
        }),
      ),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        namespace="bookinfo"
        workload="reviews-v2"
      />,
      api,
    );
    expect(
      await screen.findByText(
        'Metrics are unavailable from Prometheus at http://127.0.0.1:9090: Prometheus did not answer within 5 s',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
    // The window can still be changed: the panel is not an error page.
    expect(
      screen.getByRole('button', { name: /Last 5 minutes/ }),
    ).toBeInTheDocument();
  });

  it('says when the mesh has no metrics source', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockResolvedValue(
        reviewsCharts({
          metrics: {
            source: 'none',
            description: 'no metrics source',
            status: 'not-configured',
            message: 'set prometheusUrl on mesh prod',
          },
        }),
      ),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        namespace="bookinfo"
        workload="reviews-v2"
      />,
      api,
    );
    expect(
      await screen.findByText(
        'No metrics source is configured for this mesh: set prometheusUrl on mesh prod',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it("shows the backend's message when the request fails", async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'workload bookinfo/ratings-v1 is not part of component:default/reviews',
    );
    const api = mockMeshApi({
      getEntityMetrics: jest.fn().mockRejectedValue(error),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        namespace="bookinfo"
        workload="ratings-v1"
      />,
      api,
    );
    expect(
      await screen.findByText(
        'Could not load metrics for workload bookinfo/ratings-v1: workload bookinfo/ratings-v1 is not part of component:default/reviews',
      ),
    ).toBeInTheDocument();
  });

  it('refreshes on its interval and keeps the charts when a refresh fails', async () => {
    const api = mockMeshApi({
      getEntityMetrics: jest
        .fn()
        .mockResolvedValueOnce(reviewsCharts())
        .mockRejectedValue(new Error('socket hang up')),
    });
    await renderWithApis(
      <WorkloadMetricsPanel
        entityRef={reviews}
        namespace="bookinfo"
        workload="reviews-v2"
        refreshIntervalMs={400}
      />,
      api,
    );
    await screen.findByRole('group', { name: /^Inbound/ });
    expect(
      await screen.findByText(
        'Refresh failed, showing the previous charts: socket hang up',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('group', { name: /^Inbound/ })).toBeInTheDocument();
    expect(
      (api.getEntityMetrics as jest.Mock).mock.calls.length,
    ).toBeGreaterThanOrEqual(2);
  });
});
