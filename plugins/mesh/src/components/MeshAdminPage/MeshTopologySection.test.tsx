import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshSummary } from '@meshport/plugin-mesh-common';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { fakeContext2d } from '../../lib/topology/fakeContext2d';
import { eastCluster } from '../../testing/fixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { reviewsGraph } from '../Topology/topologyFixtures';
import { MeshAdminPage } from './MeshAdminPage';

jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

const originalGetContext = HTMLCanvasElement.prototype.getContext;
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return fakeContext2d().ctx;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
});
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = originalGetContext;
});

const mesh = (name: string): MeshSummary => ({
  name,
  kind: 'external',
  controlPlaneCluster: 'east',
  members: [{ cluster: 'east', role: 'primary', network: 'net1' }],
  trustDomain: 'cluster.local',
  source: 'api',
  createdBy: 'user:default/guest',
  createdAt: '2026-03-01T10:00:00Z',
});

describe('the admin page’s Topology tab', () => {
  it('draws a mesh’s graph only when asked, narrowed to the namespaces and clusters typed', async () => {
    const api = mockMeshApi({
      listClusters: jest.fn().mockResolvedValue([eastCluster()]),
      listMeshes: jest.fn().mockResolvedValue([mesh('prod'), mesh('dev')]),
      getMeshTopology: jest.fn().mockResolvedValue(reviewsGraph()),
    });
    await renderWithApis(<MeshAdminPage refreshIntervalMs={60_000} />, api);
    await screen.findByText('Register cluster');
    expect(api.getMeshTopology).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('tab', { name: 'Topology' }));
    expect(await screen.findByTestId('topology-canvas')).toBeInTheDocument();
    expect(api.getMeshTopology).toHaveBeenCalledWith('prod', {
      window: '1m',
      graph: 'versioned-app',
      namespaces: undefined,
      clusters: undefined,
    });
    // No hops on a whole mesh.
    expect(
      screen.queryByRole('button', { name: /Hops/ }),
    ).not.toBeInTheDocument();

    const namespaces = screen.getByLabelText('Namespaces');
    fireEvent.change(namespaces, { target: { value: 'bookinfo, shop' } });
    fireEvent.change(screen.getByLabelText('Clusters'), {
      target: { value: 'east' },
    });
    fireEvent.blur(namespaces);
    await waitFor(() =>
      expect(api.getMeshTopology).toHaveBeenLastCalledWith('prod', {
        window: '1m',
        graph: 'versioned-app',
        namespaces: ['bookinfo', 'shop'],
        clusters: ['east'],
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: /Mesh/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'dev' }));
    await waitFor(() =>
      expect(api.getMeshTopology).toHaveBeenLastCalledWith(
        'dev',
        expect.objectContaining({ namespaces: ['bookinfo', 'shop'] }),
      ),
    );
  });
});
