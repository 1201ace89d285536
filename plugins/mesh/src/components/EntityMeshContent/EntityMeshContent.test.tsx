import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meshApiRef } from '../../api/MeshApi';
import { adminRouteRef } from '../../routes';
import { reviewsOverview } from '../../testing/fixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import { EntityMeshContent } from './EntityMeshContent';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'reviews', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const annotated = entity({ 'backstage.io/kubernetes-label-selector': 'app=reviews', 'backstage.io/kubernetes-namespace': 'bookinfo' });

async function render(api: ReturnType<typeof mockMeshApi>, e: Entity, refreshIntervalMs = 60_000) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <EntityProvider entity={e}>
        <EntityMeshContent refreshIntervalMs={refreshIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/mesh-admin': adminRouteRef } },
  );
}

describe('EntityMeshContent', () => {
  it('shows workloads, pods with their sidecar reasons, the repair hint, services and Istio resources', async () => {
    const api = mockMeshApi({ getEntityOverview: jest.fn().mockResolvedValue(reviewsOverview()) });
    await render(api, annotated);

    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    expect(api.getEntityOverview).toHaveBeenCalledWith({ kind: 'component', namespace: 'default', name: 'reviews' });
    expect(screen.getByText(/live, last change \d+ s ago/)).toBeInTheDocument();

    const summary = screen.getByRole('group', { name: 'summary' });
    expect(within(summary).getByText('Pods ready').nextSibling).toHaveTextContent('2/3');
    expect(within(summary).getByText('Injection mismatches').nextSibling).toHaveTextContent('1');
    expect(within(summary).getByText('1.26.0, 1.27.1')).toBeInTheDocument();

    const workloads = screen.getByRole('table', { name: 'workloads' });
    expect(within(workloads).getByText('reviews-v1')).toBeInTheDocument();
    expect(within(workloads).getByText('1/2')).toBeInTheDocument();
    expect(within(workloads).getByText(/1\/2 with sidecar; 1 not as the injection policy says/)).toBeInTheDocument();

    // reviews-v2 has a mismatch, so its pods are open from the start with the repair hint.
    expect(screen.getByText('No sidecar, although namespace bookinfo has istio-injection=enabled. (revision default)')).toBeInTheDocument();
    expect(screen.getByText(/restart the workload \(kubectl rollout restart\) to inject it/)).toBeInTheDocument();
    // reviews-v1 has none, so its pods are shown on demand.
    expect(screen.queryByText('reviews-v1-7d8f9c-abcde')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'show pods of reviews-v1' }));
    expect(await screen.findByText('reviews-v1-7d8f9c-abcde')).toBeInTheDocument();

    const services = screen.getByRole('table', { name: 'services' });
    expect(within(services).getByText('reviews.bookinfo.svc.cluster.local')).toBeInTheDocument();
    expect(within(services).getByText('http 9080/TCP (appProtocol http)')).toBeInTheDocument();

    const istio = screen.getByRole('table', { name: 'istio resources' });
    expect(within(istio).getByText('bookinfo/reviews')).toBeInTheDocument();
    expect(within(istio).getByText('routes host reviews.bookinfo.svc.cluster.local')).toBeInTheDocument();
  });

  it('says which annotation to add, with YAML, and does not call the backend', async () => {
    const api = mockMeshApi();
    await render(api, entity());
    expect(screen.getByText('This entity does not say which pods are its own')).toBeInTheDocument();
    expect(screen.getByText(/Add the annotation backstage.io\/kubernetes-id/)).toBeInTheDocument();
    // The snippet is syntax-highlighted into many spans; its text as a whole must be the YAML.
    expect(document.body).toHaveTextContent('annotations: backstage.io/kubernetes-id: reviews');
    expect(api.getEntityOverview).not.toHaveBeenCalled();
  });

  it('shows the backend error with a hint', async () => {
    const error = await responseError(404, 'NotFoundError', 'entity component:default/reviews not found');
    const api = mockMeshApi({ getEntityOverview: jest.fn().mockRejectedValue(error) });
    await render(api, annotated);
    expect(
      await screen.findByText('Error: Could not load the mesh overview: entity component:default/reviews not found'),
    ).toBeInTheDocument();
    expect(screen.getByText(/The catalog does not know this entity/)).toBeInTheDocument();
  });

  it('links to the admin page when no cluster is registered', async () => {
    const api = mockMeshApi({ getEntityOverview: jest.fn().mockResolvedValue({ ...reviewsOverview(), clusters: [] }) });
    await render(api, annotated);
    expect(await screen.findByText('No clusters registered')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open mesh admin' })).toHaveAttribute('href', '/mesh-admin');
  });

  it('shows the selector and namespace when no workload matched', async () => {
    const overview = reviewsOverview();
    overview.clusters[0] = { ...overview.clusters[0], workloads: [], services: [], istioResources: [] };
    const api = mockMeshApi({ getEntityOverview: jest.fn().mockResolvedValue(overview) });
    await render(api, annotated);
    expect(await screen.findByText(/No workloads in this cluster match/)).toBeInTheDocument();
    expect(screen.getByText('kubectl get pods -n bookinfo -l app=reviews')).toBeInTheDocument();
  });

  it('keeps the last answer on screen when a refresh fails', async () => {
    const api = mockMeshApi({
      getEntityOverview: jest
        .fn()
        .mockResolvedValueOnce(reviewsOverview())
        .mockRejectedValue(new Error('socket hang up')),
    });
    await render(api, annotated, 50);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(/Refresh failed; showing data from/)).toBeInTheDocument());
    expect(screen.getByText('Cluster east')).toBeInTheDocument();
  });
});
