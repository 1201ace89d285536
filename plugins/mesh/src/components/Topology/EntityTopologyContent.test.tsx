import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { fakeContext2d } from '../../lib/topology/fakeContext2d';
import { fixedSizeResizeObserver } from '../../testing/chartsInJsdom';
import { reviewsCharts } from '../../testing/metricsFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import { EntityTopologyContent } from './EntityTopologyContent';
import { reviewsGraph } from './topologyFixtures';

// Generous: the whole repo's suites share two CPUs in CI.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

let restoreObserver: () => void;
const originalGetContext = HTMLCanvasElement.prototype.getContext;
beforeAll(() => {
  restoreObserver = fixedSizeResizeObserver();
  // jsdom has no canvas; the renderer draws into a recording fake instead.
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return fakeContext2d().ctx;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
});
afterAll(() => {
  restoreObserver();
  HTMLCanvasElement.prototype.getContext = originalGetContext;
});

const reviews: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'reviews',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=reviews' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

function render(api: ReturnType<typeof mockMeshApi>, entity = reviews) {
  return renderWithApis(
    <EntityProvider entity={entity}>
      <EntityTopologyContent refreshIntervalMs={60_000} />
    </EntityProvider>,
    api,
  );
}

const summary = () => screen.getByTestId('topology-summary');
const nodeNames = () =>
  within(screen.getByRole('list', { name: 'Graph nodes' }))
    .getAllByRole('button')
    .map(b => b.textContent);

describe('EntityTopologyContent', () => {
  it('draws the recorded graph with its legend, and says how fresh it is', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(reviewsGraph()),
    });
    await render(api);
    expect(await screen.findByTestId('topology-canvas')).toBeInTheDocument();
    expect(api.getEntityTopology).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'reviews' },
      { window: '1m', hops: 1, graph: 'versioned-app' },
    );
    expect(summary()).toHaveTextContent('5 nodes, 4 edges');
    expect(nodeNames()).toContain(
      'reviews v2 (versioned-app, bookinfo, failure)',
    );
    expect(screen.getByTestId('updated-ago')).toHaveTextContent(
      /updated \d+ s ago · from Prometheus at http:\/\/127.0.0.1:9090/,
    );
    expect(
      within(screen.getByTestId('topology-legend')).getByText(
        'not declared in the catalog',
      ),
    ).toBeInTheDocument();
    // Metrics are fine: no alert above the graph.
    expect(screen.queryByTestId('metrics-status')).not.toBeInTheDocument();
    // The catalog's declared dependency that carried no traffic.
    expect(screen.getByTestId('unobserved-dependencies')).toHaveTextContent(
      'component:default/reviews depends on component:default/mongodb',
    );
  });

  it('finds and hides with the filter language, and shows where a filter does not parse', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(reviewsGraph()),
    });
    await render(api);
    await screen.findByTestId('topology-canvas');

    fireEvent.change(screen.getByLabelText('Find'), {
      target: { value: 'error > 5%' },
    });
    await waitFor(() => expect(summary()).toHaveTextContent('found'));
    const found = [
      ...screen.getAllByTestId('graph-node'),
      ...screen.getAllByTestId('graph-edge'),
    ]
      .filter(li => li.getAttribute('data-found') === 'true')
      .map(li => li.textContent);
    expect(found).toEqual([
      'reviews v2 (versioned-app, bookinfo, failure)',
      'productpage v1 → reviews v2 (http, failure)',
    ]);

    fireEvent.change(screen.getByLabelText('Hide'), {
      target: { value: 'namespace = istio-system' },
    });
    await waitFor(() =>
      expect(summary()).toHaveTextContent(
        '4 nodes, 3 edges (1 nodes and 1 edges hidden)',
      ),
    );
    expect(nodeNames()).not.toContain(
      'istio-ingressgateway (gateway, istio-system, healthy)',
    );

    fireEvent.change(screen.getByLabelText('Find'), {
      target: { value: 'rate <' },
    });
    const findField = screen
      .getByLabelText('Find')
      .closest('.MuiFormControl-root')!;
    await waitFor(() =>
      expect(findField).toHaveTextContent(/at character \d+/),
    );
    expect(summary()).not.toHaveTextContent('found');
    expect(screen.getByLabelText('Find')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('shows a node’s health with its reasons, its badges, replicas and RED numbers, with charts', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(reviewsGraph()),
      getEntityMetrics: jest.fn().mockResolvedValue(reviewsCharts()),
    });
    await render(api);
    await screen.findByTestId('topology-canvas');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'reviews v2 (versioned-app, bookinfo, failure)',
      }),
    );
    const details = await screen.findByTestId('node-details');
    expect(
      within(details)
        .getAllByTestId('health-reason')
        .map(r => r.textContent),
    ).toEqual([
      '5xx 12.3 % of 10 req/s ≥ failure 10 %',
      'istio-proxy 1.27.1 is older than the control plane 1.28.0',
    ]);
    expect(within(details).getByTestId('node-badges')).toHaveTextContent(
      'fault injection VirtualService bookinfo/reviews',
    );
    expect(details).toHaveTextContent('replicas: 1/2 ready');
    expect(details).toHaveTextContent('data plane: sidecar');
    expect(within(details).getByTestId('red-inbound')).toHaveTextContent(
      'inbound10 rps5 %12 %12 ms230 ms480 ms',
    );
    await waitFor(() =>
      expect(api.getEntityMetrics).toHaveBeenCalledWith(
        'component:default/reviews',
        {
          window: '1m',
          cluster: 'east',
          namespace: 'bookinfo',
          workload: 'reviews-v2',
          service: undefined,
        },
      ),
    );
    expect(
      await within(details).findByRole('group', { name: 'Inbound' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Close details'));
    expect(screen.queryByTestId('node-details')).not.toBeInTheDocument();
  });

  it('shows an edge’s numbers: rate, error shares, latency, mTLS and response codes', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(reviewsGraph()),
    });
    await render(api);
    await screen.findByTestId('topology-canvas');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'productpage v1 → reviews v2 (http, failure)',
      }),
    );
    const details = await screen.findByTestId('edge-details');
    expect(details).toHaveTextContent('productpage v1 → reviews v2');
    const cell = (k: string) => within(details).getByTestId(`edge-${k}`);
    expect(cell('rate')).toHaveTextContent('10 rps');
    expect(cell('4xx')).toHaveTextContent('5 %');
    expect(cell('5xx')).toHaveTextContent('12 %');
    expect(cell('p50')).toHaveTextContent('12 ms');
    expect(cell('p95')).toHaveTextContent('230 ms');
    expect(cell('p99')).toHaveTextContent('480 ms');
    expect(cell('mTLS')).toHaveTextContent('75 %');
    expect(within(details).getByTestId('code-503')).toHaveTextContent(
      '5031.23 rps12 %',
    );
    expect(within(details).getByTestId('health-reason')).toHaveTextContent(
      '5xx 12.3 % of 10 req/s ≥ failure 10 %',
    );
  });

  it('warns above the graph when metrics are unavailable', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(
        reviewsGraph({
          source: 'prometheus',
          description: 'Prometheus at http://prom:9090',
          status: 'unavailable',
          message: 'Prometheus did not answer within 5 s',
        }),
      ),
    });
    await render(api);
    expect(await screen.findByTestId('metrics-status')).toHaveTextContent(
      'Metrics are unavailable from Prometheus at http://prom:9090: Prometheus did not answer within 5 s. The graph shows no traffic until they answer.',
    );
  });

  it('asks again for another window and graph type, keeping the graph on screen meanwhile', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest.fn().mockResolvedValue(reviewsGraph()),
    });
    await render(api);
    await screen.findByTestId('topology-canvas');
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last hour' }),
    );
    await waitFor(() =>
      expect(api.getEntityTopology).toHaveBeenLastCalledWith(
        expect.anything(),
        { window: '1h', hops: 1, graph: 'versioned-app' },
      ),
    );
    expect(screen.getByTestId('topology-canvas')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Graph/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Services' }),
    );
    await waitFor(() =>
      expect(api.getEntityTopology).toHaveBeenLastCalledWith(
        expect.anything(),
        { window: '1h', hops: 1, graph: 'service' },
      ),
    );
  });

  it('shows the backend’s refusal when there is no graph to show', async () => {
    const api = mockMeshApi({
      getEntityTopology: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'NotFoundError', 'no mesh serves reviews'),
        ),
    });
    await render(api);
    expect(
      await screen.findByText(/Could not load the topology/),
    ).toHaveTextContent('Could not load the topology: no mesh serves reviews');
  });
});
