import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClusterTraffic, LiveResource } from '@meshport/plugin-mesh-common';
import { reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { LiveResourceQuery, MeshEntityRef } from '../../api/MeshApi';
import { TrafficWizardMenu } from './TrafficWizardMenu';
import { reviewsTraffic } from './wizardTestData';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 8_000 });

const entityRef = { kind: 'component', namespace: 'default', name: 'reviews' };
const GW = 'gateway.networking.k8s.io/v1';

/** reviews routed by a GAMMA HTTPRoute (90/10 between per-version Services), and no VirtualService. */
function gammaTraffic(): ClusterTraffic {
  const t = reviewsTraffic();
  return {
    ...t,
    resources: [
      ...t.resources.filter(r => r.kind !== 'VirtualService'),
      {
        cluster: 'east',
        apiVersion: GW,
        kind: 'HTTPRoute',
        namespace: 'bookinfo',
        name: 'reviews',
        reasons: ['attached to Service reviews'],
        findings: [],
      },
    ],
  };
}

const route = {
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '5' },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
    rules: [
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 90 },
          { name: 'reviews-v2', port: 9080, weight: 10 },
        ],
      },
    ],
  },
};

async function live(
  _e: MeshEntityRef,
  q: LiveResourceQuery,
): Promise<LiveResource> {
  const manifests: Record<string, unknown> = {
    HTTPRoute: route,
    DestinationRule: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews' },
    },
  };
  const manifest = manifests[q.kind];
  if (!manifest) throw new Error(`no live ${q.kind}`);
  return {
    cluster: q.cluster,
    manifest: JSON.parse(JSON.stringify(manifest)),
    yaml: '',
  };
}

describe('TrafficShiftingDialog on a Service routed by an HTTPRoute', () => {
  it("starts from the route's weights and previews the HTTPRoute with the new backendRef weights", async () => {
    const api = mockMeshApi({ getLiveResource: jest.fn(live) });
    api.previewChange.mockResolvedValue(reviewsPreview());
    await renderWithApis(
      <TrafficWizardMenu
        entityRef={entityRef}
        cluster="east"
        traffic={gammaTraffic()}
        onApplied={jest.fn()}
      />,
      api,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Change traffic' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'Traffic shifting' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Traffic shifting',
    });
    const v1 = await within(dialog).findByLabelText('reviews-v1 (%)');
    expect(v1).toHaveValue(90);
    await userEvent.clear(v1);
    await userEvent.type(v1, '50');
    const v2 = within(dialog).getByLabelText('reviews-v2 (%)');
    await userEvent.clear(v2);
    await userEvent.type(v2, '50');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await screen.findByRole('dialog', { name: /Review/ });
    const [request] = api.previewChange.mock.calls[0];
    expect(request.resources).toEqual([
      {
        action: 'apply',
        manifest: expect.objectContaining({
          kind: 'HTTPRoute',
          spec: expect.objectContaining({
            rules: [
              {
                backendRefs: [
                  expect.objectContaining({ name: 'reviews-v1', weight: 50 }),
                  expect.objectContaining({ name: 'reviews-v2', weight: 50 }),
                ],
              },
            ],
          }),
        }),
      },
    ]);
  });
});
