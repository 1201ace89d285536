import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meshApiRef } from '../../api/MeshApi';
import { adminRouteRef } from '../../routes';
import {
  reviewsHistory,
  reviewsLive,
  reviewsPreview,
  reviewsV3Yaml,
} from '../../testing/changeFixtures';
import { fixedSizeResizeObserver } from '../../testing/chartsInJsdom';
import { reviewsOverview } from '../../testing/fixtures';
import { reviewsCharts } from '../../testing/metricsFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import type { YamlEditorProps } from '../YamlEditor';
import { EntityMeshContent } from './EntityMeshContent';

// CodeMirror is tested on its own (YamlEditor.test.tsx) and in the e2e; here a textarea stands in.
jest.mock('../YamlEditor/YamlEditor', () => ({
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

// The metrics panels draw recharts charts, which need a measured container.
let restoreResizeObserver: () => void;
beforeAll(() => {
  restoreResizeObserver = fixedSizeResizeObserver();
});
afterAll(() => restoreResizeObserver());

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'reviews', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/** The history card is on the tab too; tests that are not about it get an empty history. */
const tabApi = (overrides: Parameters<typeof mockMeshApi>[0] = {}) =>
  mockMeshApi({
    getChangeHistory: jest.fn().mockResolvedValue([]),
    ...overrides,
  });

const annotated = entity({
  'backstage.io/kubernetes-label-selector': 'app=reviews',
  'backstage.io/kubernetes-namespace': 'bookinfo',
});

async function render(
  api: ReturnType<typeof mockMeshApi>,
  e: Entity,
  refreshIntervalMs = 60_000,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={e}>
        <EntityMeshContent refreshIntervalMs={refreshIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/mesh-admin': adminRouteRef } },
  );
}

describe('EntityMeshContent', () => {
  it('shows workloads, pods with their sidecar reasons, the repair hint, services and Istio resources', async () => {
    const api = tabApi({
      getEntityOverview: jest.fn().mockResolvedValue(reviewsOverview()),
    });
    await render(api, annotated);

    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    expect(api.getEntityOverview).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    });
    expect(screen.getByText(/live, last change \d+ s ago/)).toBeInTheDocument();

    const summary = screen.getByRole('group', { name: 'summary' });
    expect(
      within(summary).getByText('Pods ready').nextSibling,
    ).toHaveTextContent('2/3');
    expect(
      within(summary).getByText('Injection mismatches').nextSibling,
    ).toHaveTextContent('1');
    expect(within(summary).getByText('1.26.0, 1.27.1')).toBeInTheDocument();

    const workloads = screen.getByRole('table', { name: 'workloads' });
    expect(within(workloads).getByText('reviews-v1')).toBeInTheDocument();
    expect(within(workloads).getByText('1/2')).toBeInTheDocument();
    expect(
      within(workloads).getByText(
        /1\/2 with sidecar; 1 not as the injection policy says/,
      ),
    ).toBeInTheDocument();

    // reviews-v2 has a mismatch, so its pods are open from the start with the repair hint.
    expect(
      screen.getByText(
        'No sidecar, although namespace bookinfo has istio-injection=enabled. (revision default)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /restart the workload \(kubectl rollout restart\) to inject it/,
      ),
    ).toBeInTheDocument();
    // reviews-v1 has none, so its pods are shown on demand.
    expect(
      screen.queryByText('reviews-v1-7d8f9c-abcde'),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'show pods of reviews-v1' }),
    );
    expect(
      await screen.findByText('reviews-v1-7d8f9c-abcde'),
    ).toBeInTheDocument();

    const services = screen.getByRole('table', { name: 'services' });
    expect(
      within(services).getByText('reviews.bookinfo.svc.cluster.local'),
    ).toBeInTheDocument();
    expect(
      within(services).getByText('http 9080/TCP (appProtocol http)'),
    ).toBeInTheDocument();

    const istio = screen.getByRole('table', { name: 'istio resources' });
    expect(within(istio).getByText('bookinfo/reviews')).toBeInTheDocument();
    expect(
      within(istio).getByText('routes host reviews.bookinfo.svc.cluster.local'),
    ).toBeInTheDocument();
  });

  it('says which annotation to add, with YAML, and does not call the backend', async () => {
    const api = tabApi();
    await render(api, entity());
    expect(
      screen.getByText('This entity does not say which pods are its own'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Add the annotation backstage.io\/kubernetes-id/),
    ).toBeInTheDocument();
    // The snippet is syntax-highlighted into many spans; its text as a whole must be the YAML.
    expect(document.body).toHaveTextContent(
      'annotations: backstage.io/kubernetes-id: reviews',
    );
    expect(api.getEntityOverview).not.toHaveBeenCalled();
  });

  it('shows the backend error with a hint', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'entity component:default/reviews not found',
    );
    const api = tabApi({
      getEntityOverview: jest.fn().mockRejectedValue(error),
    });
    await render(api, annotated);
    expect(
      await screen.findByText(
        'Error: Could not load the mesh overview: entity component:default/reviews not found',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The catalog does not know this entity/),
    ).toBeInTheDocument();
  });

  it('links to the admin page when no cluster is registered', async () => {
    const api = tabApi({
      getEntityOverview: jest
        .fn()
        .mockResolvedValue({ ...reviewsOverview(), clusters: [] }),
    });
    await render(api, annotated);
    expect(
      await screen.findByText('No clusters registered'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Open mesh admin' }),
    ).toHaveAttribute('href', '/mesh-admin');
  });

  it('shows the selector and namespace when no workload matched', async () => {
    const overview = reviewsOverview();
    overview.clusters[0] = {
      ...overview.clusters[0],
      workloads: [],
      services: [],
      istioResources: [],
    };
    const api = tabApi({
      getEntityOverview: jest.fn().mockResolvedValue(overview),
    });
    await render(api, annotated);
    expect(
      await screen.findByText(/No workloads in this cluster match/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('kubectl get pods -n bookinfo -l app=reviews'),
    ).toBeInTheDocument();
  });

  it('keeps the last answer on screen when a refresh fails', async () => {
    const api = tabApi({
      getEntityOverview: jest
        .fn()
        .mockResolvedValueOnce(reviewsOverview())
        .mockRejectedValue(new Error('socket hang up')),
    });
    await render(api, annotated, 50);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByText(/Refresh failed; showing data from/),
      ).toBeInTheDocument(),
    );
    expect(screen.getByText('Cluster east')).toBeInTheDocument();
  });

  it('edits an Istio resource from its row, applies it, then refreshes the overview and the history', async () => {
    const api = tabApi({
      getEntityOverview: jest.fn().mockResolvedValue(reviewsOverview()),
      getChangeHistory: jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue(reviewsHistory()),
      getLiveResource: jest.fn().mockResolvedValue(reviewsLive()),
      previewChange: jest.fn().mockResolvedValue(reviewsPreview()),
      applyChange: jest.fn().mockResolvedValue({
        id: 'chg-2',
        status: 'applied',
        appliedAt: '2026-03-02T10:01:00Z',
        resources: [],
      }),
    });
    await render(api, annotated);
    expect(await screen.findByText(/No changes yet/)).toBeInTheDocument();

    const istio = screen.getByRole('table', { name: 'istio resources' });
    await userEvent.click(
      within(istio).getByRole('button', {
        name: 'edit VirtualService bookinfo/reviews',
      }),
    );
    const editor = await screen.findByRole('textbox', {
      name: 'YAML of VirtualService bookinfo/reviews',
    });
    expect(api.getLiveResource).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'reviews' },
      {
        cluster: 'east',
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
      },
    );
    fireEvent.change(editor, { target: { value: reviewsV3Yaml } });
    const preview = screen.getByRole('button', { name: 'Preview' });
    await waitFor(() => expect(preview).toBeEnabled());
    await userEvent.click(preview);
    const review = await screen.findByRole('dialog', { name: 'Review change' });
    const apply = within(review).getByRole('button', { name: 'Apply' });
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(api.getEntityOverview).toHaveBeenCalledTimes(2));
    expect(await screen.findByTestId('change-chg-2')).toHaveTextContent(
      'all reviews traffic to v3',
    );
  });

  it("opens a workload's and a Service's metrics from their rows, for their cluster and namespace", async () => {
    const api = tabApi({
      getEntityOverview: jest.fn().mockResolvedValue(reviewsOverview()),
      getEntityMetrics: jest.fn().mockResolvedValue(reviewsCharts()),
    });
    await render(api, annotated);
    const workloads = await screen.findByRole('table', { name: 'workloads' });
    // Closed until asked for: an open panel polls the metrics source.
    expect(api.getEntityMetrics).not.toHaveBeenCalled();

    const toggle = within(workloads).getByRole('button', {
      name: 'show metrics of reviews-v1',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const panel = await screen.findByRole('region', {
      name: 'metrics of workload bookinfo/reviews-v1',
    });
    expect(api.getEntityMetrics).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'reviews' },
      {
        window: '5m',
        cluster: 'east',
        namespace: 'bookinfo',
        workload: 'reviews-v1',
        service: undefined,
      },
    );
    const inbound = await within(panel).findByRole('group', {
      name: 'Inbound: requests to workload bookinfo/reviews-v1',
    });
    expect(within(inbound).getAllByRole('figure')).toHaveLength(3);
    expect(
      within(panel).getByRole('group', {
        name: 'Outbound: requests from workload bookinfo/reviews-v1',
      }),
    ).toHaveTextContent('No requests in the window.');
    // The pods of the same row stay closed: the two toggles are independent.
    expect(
      screen.queryByText('reviews-v1-7d8f9c-abcde'),
    ).not.toBeInTheDocument();

    const services = screen.getByRole('table', { name: 'services' });
    await userEvent.click(
      within(services).getByRole('button', { name: 'show metrics of reviews' }),
    );
    expect(
      await screen.findByRole('region', {
        name: 'metrics of Service bookinfo/reviews',
      }),
    ).toBeInTheDocument();
    expect(api.getEntityMetrics).toHaveBeenLastCalledWith(
      { kind: 'component', namespace: 'default', name: 'reviews' },
      expect.objectContaining({ service: 'reviews', workload: undefined }),
    );

    await userEvent.click(
      within(workloads).getByRole('button', {
        name: 'hide metrics of reviews-v1',
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', {
          name: 'metrics of workload bookinfo/reviews-v1',
        }),
      ).not.toBeInTheDocument(),
    );
  });

  it('keeps the tab working when the mesh has no metrics', async () => {
    const api = tabApi({
      getEntityOverview: jest.fn().mockResolvedValue(reviewsOverview()),
      getEntityMetrics: jest.fn().mockResolvedValue(
        reviewsCharts({
          metrics: {
            source: 'prometheus',
            description: 'Prometheus at http://prometheus:9090',
            status: 'unavailable',
            message: 'connection refused',
          },
        }),
      ),
    });
    await render(api, annotated);
    const workloads = await screen.findByRole('table', { name: 'workloads' });
    await userEvent.click(
      within(workloads).getByRole('button', {
        name: 'show metrics of reviews-v2',
      }),
    );
    expect(
      await screen.findByText(
        'Metrics are unavailable from Prometheus at http://prometheus:9090: connection refused',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster east')).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'istio resources' }),
    ).toBeInTheDocument();
  });
});
