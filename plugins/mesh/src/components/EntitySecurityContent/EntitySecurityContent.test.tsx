import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { reviewsPreview } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import {
  bookinfoPeerAuthLive,
  productpageDenied,
  ratingsAllowLive,
  ratingsSecurity,
} from '../../testing/securityFixtures';
import { EntitySecurityContent } from './EntitySecurityContent';

// Generous: the whole repo's suites share two CPUs in CI.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

const ratings: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ratings',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app=ratings',
      'backstage.io/kubernetes-namespace': 'bookinfo',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const tabApi = (overrides: Parameters<typeof mockMeshApi>[0] = {}) =>
  mockMeshApi({
    getEntitySecurity: jest.fn().mockResolvedValue(ratingsSecurity()),
    getChangeHistory: jest.fn().mockResolvedValue([]),
    ...overrides,
  });

function render(
  api: ReturnType<typeof mockMeshApi>,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderWithApis(
    <EntityProvider entity={ratings}>
      <EntitySecurityContent refreshIntervalMs={60_000} />
    </EntityProvider>,
    api,
    authorize,
  );
}

describe('EntitySecurityContent', () => {
  // First: usePermission caches answers per entity across tests (SWR), so a DENY after ALLOWs would read the cached ALLOW.
  it('disables the wizards and edits with the reason without mesh.config.update', async () => {
    await render(tabApi(), AuthorizeResult.DENY);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    const slot = screen.getByTestId('security-wizard-slot');
    expect(
      within(slot).getByRole('button', { name: 'Change security' }),
    ).toBeDisabled();
    await waitFor(() =>
      expect(screen.getByTestId('security-wizard-disabled')).toHaveAttribute(
        'aria-label',
        expect.stringContaining('mesh.config.update'),
      ),
    );
    const policy = screen.getByTestId(
      'security-policy-AuthorizationPolicy-bookinfo-ratings-allow',
    );
    for (const button of within(policy).getAllByRole('button', {
      name: /YAML \/ Edit/,
    }))
      expect(button).toBeDisabled();
  });
  it('shows mTLS with what decided it, the policies in words with findings, and the access matrix with what was seen', async () => {
    const api = tabApi();
    await render(api);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    expect(api.getEntitySecurity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'ratings' },
      {},
    );

    const mtls = screen.getByTestId('mtls-bookinfo-ratings-v1-9080');
    expect(mtls).toHaveTextContent('PERMISSIVE');
    expect(mtls).toHaveTextContent('namespace');
    expect(mtls).toHaveTextContent('PeerAuthentication bookinfo/default');
    expect(mtls).toHaveTextContent('DISABLE (DestinationRule)');
    expect(within(mtls).getByTestId('mtls-conflict')).toHaveTextContent(
      'IST0113 DestinationRule bookinfo/ratings sends plaintext',
    );

    const policy = screen.getByTestId(
      'security-policy-AuthorizationPolicy-bookinfo-ratings-allow',
    );
    const line = within(policy).getByTestId('policy-line-spec.rules[0]');
    expect(line).toHaveTextContent(
      'ALLOW GET on /ratings/* from service account bookinfo/bookinfo-reviews',
    );
    expect(within(line).getByTestId('finding')).toHaveTextContent(
      'MSH0301 no workload runs as bookinfo/bookinfo-reviewz',
    );

    const rows = screen.getAllByTestId('access-row');
    const byPeer = (peer: string) =>
      rows.find(r => r.getAttribute('data-peer') === peer)!;
    expect(byPeer('bookinfo/reviews-v2')).toHaveTextContent(
      'rule 0 of ALLOW bookinfo/ratings-allow',
    );
    expect(byPeer('bookinfo/productpage-v1')).toHaveTextContent(
      'seen and denied: 0.80 403/s (destination reporter)',
    );
    expect(byPeer('bookinfo/details-v1')).toHaveTextContent('never seen');
    expect(byPeer('unknown/unknown')).toHaveTextContent(
      'plaintext to PERMISSIVE: 0.20 req/s',
    );

    await userEvent.type(
      screen.getByLabelText('Filter (caller, port, denied, policy…)'),
      'productpage',
    );
    expect(screen.getAllByTestId('access-row')).toHaveLength(1);
  });

  it('says why the observed column is missing when metrics are unavailable', async () => {
    const security = ratingsSecurity();
    security.clusters[0].observed!.metrics = {
      source: 'prometheus',
      description: 'Prometheus at http://127.0.0.1:9090',
      status: 'unavailable',
      message: 'Prometheus did not answer within 5 s',
    };
    await render(
      tabApi({ getEntitySecurity: jest.fn().mockResolvedValue(security) }),
    );
    expect(await screen.findByTestId('metrics-status')).toHaveTextContent(
      'Metrics are unavailable from Prometheus at http://127.0.0.1:9090: Prometheus did not answer within 5 s.',
    );
    expect(screen.queryByText(/seen and denied/)).not.toBeInTheDocument();
  });

  it('asks can-i and shows the denial with the policies that did not match', async () => {
    const api = tabApi({
      canI: jest.fn().mockResolvedValue(productpageDenied()),
    });
    await render(api);
    const form = await screen.findByTestId('can-i-form');
    await userEvent.type(
      within(form).getByLabelText(
        'From (namespace/workload or namespace/serviceaccount)',
      ),
      'bookinfo/productpage-v1',
    );
    await userEvent.type(within(form).getByLabelText('Port'), '9080');
    await userEvent.type(
      within(form).getByLabelText('Headers (name=value, one a line)'),
      'x-user=jason',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Ask' }));

    await waitFor(() =>
      expect(api.canI).toHaveBeenCalledWith(
        { kind: 'component', namespace: 'default', name: 'ratings' },
        {
          cluster: 'east',
          from: 'bookinfo/productpage-v1',
          to: 'bookinfo/ratings-v1',
          port: 9080,
          method: 'GET',
          path: '/',
          headers: { 'x-user': 'jason' },
        },
      ),
    );
    const result = await screen.findByTestId('can-i-result');
    expect(result).toHaveTextContent('No: denied (403)');
    expect(result).toHaveTextContent(
      'ALLOW policies apply (bookinfo/ratings-allow) but none matches',
    );
    expect(within(result).getByTestId('can-i-mtls')).toHaveTextContent(
      'caller principal cluster.local/ns/bookinfo/sa/bookinfo-productpage',
    );
    expect(within(result).getByTestId('can-i-others')).toHaveTextContent(
      'ALLOW bookinfo/ratings-allow: rule 0: principal cluster.local/ns/bookinfo/sa/bookinfo-productpage is not in',
    );
  });

  it('checks the can-i form with the backend schema before sending', async () => {
    const api = tabApi();
    await render(api);
    const form = await screen.findByTestId('can-i-form');
    await userEvent.type(
      within(form).getByLabelText(
        'From (namespace/workload or namespace/serviceaccount)',
      ),
      'productpage',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Ask' }));
    expect(await within(form).findByText('namespace/name')).toBeInTheDocument();
    expect(api.canI).not.toHaveBeenCalled();
  });

  it('previews "allow only these callers" through the change review', async () => {
    const api = tabApi({
      getLiveResource: jest.fn(async (_e, q) =>
        q.kind === 'PeerAuthentication'
          ? bookinfoPeerAuthLive()
          : ratingsAllowLive(),
      ),
      previewChange: jest.fn().mockResolvedValue(reviewsPreview()),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change security' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'Allow only these callers' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Allow only these callers',
    });
    await userEvent.type(
      await within(dialog).findByLabelText(
        'Service accounts (namespace/name, comma-separated)',
      ),
      'bookinfo/bookinfo-reviews',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await waitFor(() => expect(api.previewChange).toHaveBeenCalled());
    const request = api.previewChange.mock.calls[0][0];
    expect(request.cluster).toBe('east');
    expect(request.entityRef).toBe('component:default/ratings');
    const manifest = request.resources[0].manifest as {
      kind: string;
      spec: {
        action: string;
        selector: { matchLabels: Record<string, string> };
        rules: Array<{ from: Array<{ source: { principals: string[] } }> }>;
      };
    };
    expect(manifest.kind).toBe('AuthorizationPolicy');
    expect(manifest.spec.action).toBe('ALLOW');
    expect(manifest.spec.selector.matchLabels).toEqual({ app: 'ratings' });
    expect(manifest.spec.rules).toHaveLength(1);
    expect(manifest.spec.rules[0].from[0].source.principals).toEqual([
      'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
    ]);
    expect(
      await screen.findByRole('dialog', {
        name: 'Review: Allow only these callers',
      }),
    ).toBeInTheDocument();
  });

  it('warns before STRICT about plaintext callers seen', async () => {
    const api = tabApi({
      getLiveResource: jest.fn(async (_e, q) =>
        q.kind === 'PeerAuthentication'
          ? bookinfoPeerAuthLive()
          : ratingsAllowLive(),
      ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change security' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'mTLS mode' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'mTLS mode' });
    expect(
      await within(dialog).findByTestId('mtls-warnings'),
    ).toHaveTextContent('callers outside the mesh sent plaintext');
  });

  it('shows the least-privilege policy and what it would deny that was allowed', async () => {
    const security = ratingsSecurity();
    security.clusters[0].access.inbound[2] = {
      ...security.clusters[0].access.inbound[2],
      allowed: true,
    };
    const api = tabApi({
      getEntitySecurity: jest.fn().mockResolvedValue(security),
      getLiveResource: jest.fn(async (_e, q) =>
        q.kind === 'PeerAuthentication'
          ? bookinfoPeerAuthLive()
          : ratingsAllowLive(),
      ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change security' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', {
        name: 'Least privilege from observed traffic',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Least privilege from observed traffic',
    });
    expect(
      await within(dialog).findByTestId('least-privilege-denied'),
    ).toHaveTextContent('bookinfo/details-v1 → bookinfo/ratings-v1 port 9080');
    expect(
      within(dialog).getByTestId('least-privilege-yaml'),
    ).toHaveTextContent('cluster.local/ns/bookinfo/sa/bookinfo-reviews');
  });
});
