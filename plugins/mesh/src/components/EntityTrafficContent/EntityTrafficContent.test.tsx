import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { meshApiRef } from '../../api/MeshApi';
import { reviewsLive } from '../../testing/changeFixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import {
  activeCanary,
  rolledBackCanary,
} from '../CanaryPanel/__fixtures__/canaryFixtures';
import {
  defaultTrace,
  jasonTrace,
  reviewsTraffic,
} from '../../testing/trafficFixtures';
import type { YamlEditorProps } from '../YamlEditor';
import { EntityTrafficContent } from './EntityTrafficContent';

// CodeMirror is tested on its own (YamlEditor.test.tsx); here a textarea stands in.
jest.mock('../YamlEditor/YamlEditor', () => ({
  YamlEditor: (props: YamlEditorProps) => (
    <textarea
      aria-label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
    />
  ),
}));

// Generous: the whole repo's suites share two CPUs in CI.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

const entity = (
  annotations?: Record<string, string>,
  name = 'reviews',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const annotated = entity({
  'backstage.io/kubernetes-label-selector': 'app=reviews',
  'backstage.io/kubernetes-namespace': 'bookinfo',
});

const tabApi = (overrides: Parameters<typeof mockMeshApi>[0] = {}) =>
  mockMeshApi({
    getEntityTraffic: jest.fn().mockResolvedValue(reviewsTraffic()),
    getChangeHistory: jest.fn().mockResolvedValue([]),
    listEntityCanaries: jest.fn().mockResolvedValue([]),
    ...overrides,
  });

function render(
  api: ReturnType<typeof mockMeshApi>,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  e: Entity = annotated,
) {
  return renderWithApis(
    <EntityProvider entity={e}>
      <EntityTrafficContent refreshIntervalMs={60_000} />
    </EntityProvider>,
    api,
    authorize,
  );
}

const vsCard = () =>
  screen.getByTestId('traffic-resource-VirtualService-bookinfo-reviews');
const traceButton = () =>
  within(screen.getByTestId('trace-form')).getByText('Trace');
const row = (i: number) => within(vsCard()).getByTestId(`rule-row-http-${i}`);

describe('EntityTrafficContent', () => {
  it('shows rules in words with their split, the default and shadowed rules, and findings at their rows', async () => {
    const api = tabApi();
    await render(api);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    expect(api.getEntityTraffic).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    });
    expect(screen.getByText(/live, last change \d+ s ago/)).toBeInTheDocument();

    // Rule 0: when … → destination, action as a chip.
    expect(row(0)).toHaveTextContent(
      'jason: when header end-user is exactly "jason" → reviews (subset v2) — 100 %',
    );
    expect(
      within(row(0)).getByText('fault: delay 7s for 100 % of requests'),
    ).toBeInTheDocument();

    // Rule 1: the default route, split 80/20 as a bar.
    expect(within(row(1)).getByText('default route')).toBeInTheDocument();
    expect(
      within(row(1)).getByRole('img', {
        name: 'split: reviews (subset v1) — 80 %, reviews (subset v3) — 20 %',
      }),
    ).toBeInTheDocument();
    const segments = within(row(1)).getByTestId('weight-split-bar').children;
    expect((segments[0] as HTMLElement).style.width).toBe('80%');
    expect((segments[1] as HTMLElement).style.width).toBe('20%');
    expect(within(row(0)).queryByText('default route')).not.toBeInTheDocument();

    // Rule 2: shadowed by rule 1, with its findings at the row.
    expect(row(2)).toHaveAttribute('data-shadowed', 'true');
    expect(row(1)).not.toHaveAttribute('data-shadowed');
    expect(
      within(row(2)).getByText(
        'unreachable: rule 1 catches every request first',
      ),
    ).toBeInTheDocument();
    const findings = within(row(2)).getAllByTestId('finding');
    expect(findings.map(f => f.getAttribute('data-level'))).toEqual([
      'Error',
      'Warning',
    ]);
    expect(findings[0]).toHaveTextContent(
      'IST0101 Referenced host+subset in destinationrule not found: "reviews+v4"',
    );
    expect(within(findings[0]).getByTitle('Error')).toBeInTheDocument();

    // A resource-wide finding sits under the card's header, once.
    expect(within(vsCard()).getAllByTestId('finding')).toHaveLength(3);
    expect(
      within(vsCard()).getByText(
        /The VirtualService exports to all namespaces/,
      ),
    ).toBeInTheDocument();

    // DestinationRule subsets with pods and policies in words.
    const dr = screen.getByTestId(
      'traffic-resource-DestinationRule-bookinfo-reviews',
    );
    expect(
      within(dr).getByText('load balancer: least requests'),
    ).toBeInTheDocument();
    expect(
      within(within(dr).getByTestId('subset-v3')).getByText('1/2 ready'),
    ).toBeInTheDocument();
    expect(within(dr).getByText('version=v3')).toBeInTheDocument();
    expect(
      within(dr).getByText(
        'outlier detection: eject after 5 consecutive 5xx for 30s',
      ),
    ).toBeInTheDocument();

    // Gateway servers, Sidecar summary, rate limit.
    const gw = screen.getByTestId(
      'traffic-resource-Gateway-bookinfo-bookinfo-gateway',
    );
    expect(
      within(gw).getByText('TLS terminated with credential bookinfo-cert'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('egress only to hosts in bookinfo and istio-system'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('rate limit 100 per 1m (burst 100)'),
    ).toBeInTheDocument();

    // The place the traffic wizards will be mounted.
    expect(screen.getByTestId('traffic-wizard-slot')).toBeInTheDocument();
  });

  it('sends the trace form as the expected body and highlights the matched rule', async () => {
    const api = tabApi({
      traceRequest: jest.fn().mockResolvedValue(defaultTrace()),
    });
    await render(api);
    await screen.findByText('Cluster east');

    // One cluster: no cluster select; the host defaults to the entity's first Service.
    expect(
      within(screen.getByTestId('trace-form')).queryByText('Cluster'),
    ).not.toBeInTheDocument();
    expect(screen.getByLabelText('Host')).toHaveValue(
      'reviews.bookinfo.svc.cluster.local',
    );

    fireEvent.change(screen.getByLabelText('From (namespace/workload)'), {
      target: { value: 'bookinfo/productpage-v1' },
    });
    fireEvent.change(screen.getByLabelText('Port'), {
      target: { value: '9080' },
    });
    const path = screen.getByLabelText('Path');
    fireEvent.change(path, { target: { value: '/reviews/1' } });
    fireEvent.change(
      screen.getByLabelText('Headers (name=value, one a line)'),
      { target: { value: 'x-request-id=abc' } },
    );
    await userEvent.click(traceButton());

    await waitFor(() => expect(api.traceRequest).toHaveBeenCalledTimes(1));
    expect(api.traceRequest).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'reviews' },
      {
        cluster: 'east',
        from: 'bookinfo/productpage-v1',
        host: 'reviews.bookinfo.svc.cluster.local',
        port: 9080,
        method: 'GET',
        path: '/reviews/1',
        headers: { 'x-request-id': 'abc' },
      },
    );

    const result = await screen.findByTestId('trace-result');
    expect(within(result).getByTestId('trace-matched-rule')).toHaveTextContent(
      'VirtualService bookinfo/reviews, rule 1',
    );
    expect(within(result).getByTestId('trace-skipped')).toHaveTextContent(
      'rule 0 (jason) of bookinfo/reviews does not match: header end-user is absent (wanted exactly "jason")',
    );
    expect(
      within(result).getByRole('img', {
        name: /split: reviews.bookinfo.svc.cluster.local \(subset v1\) port 9080 — 80 %/,
      }),
    ).toBeInTheDocument();
    expect(
      within(result).getByText(
        'outlier detection: eject a host after 5 consecutive 5xx, for 30s',
      ),
    ).toBeInTheDocument();
    expect(within(result).getByText('timeout 10s')).toBeInTheDocument();
    expect(
      within(result).getByText('mirror 5 % to reviews-shadow'),
    ).toBeInTheDocument();

    // The rule list above marks the rule the request took, and why rule 0 was passed by.
    expect(row(1)).toHaveAttribute('data-highlighted', 'true');
    expect(row(0)).not.toHaveAttribute('data-highlighted');
    expect(
      within(row(0)).getByText(
        /traced request skipped this rule: header end-user is absent/,
      ),
    ).toBeInTheDocument();
    expect(vsCard()).toHaveAttribute('data-traced', 'true');
  });

  it('traces in the chosen cluster and highlights only there', async () => {
    const api = tabApi({
      getEntityTraffic: jest
        .fn()
        .mockResolvedValue(reviewsTraffic(['east', 'west'])),
      traceRequest: jest.fn().mockResolvedValue(jasonTrace()),
    });
    await render(api);
    await screen.findByText('Cluster west');
    await userEvent.click(
      within(screen.getByTestId('trace-form')).getByRole('button', {
        name: /Cluster/,
      }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'west' }));
    await userEvent.click(traceButton());
    await waitFor(() =>
      expect(api.traceRequest).toHaveBeenCalledWith(expect.anything(), {
        cluster: 'west',
        host: 'reviews.bookinfo.svc.cluster.local',
        method: 'GET',
        path: '/',
      }),
    );
    await screen.findByTestId('trace-result');
    const highlighted = screen
      .getAllByTestId('rule-row-http-0')
      .map(r => r.getAttribute('data-highlighted'));
    expect(highlighted).toEqual([null, 'true']);
  });

  it('checks the form before sending and shows the backend refusal', async () => {
    const api = tabApi({
      traceRequest: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'unknown workload bookinfo/nope',
          ),
        ),
    });
    await render(api);
    await screen.findByText('Cluster east');
    fireEvent.change(screen.getByLabelText('Port'), {
      target: { value: 'eighty' },
    });
    await userEvent.click(traceButton());
    expect(
      await screen.findByText('A port is a number from 1 to 65535'),
    ).toBeInTheDocument();
    expect(api.traceRequest).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('From (namespace/workload)'), {
      target: { value: 'bookinfo/nope' },
    });
    await userEvent.click(traceButton());
    expect(await screen.findByTestId('trace-error')).toHaveTextContent(
      'Could not trace the request: unknown workload bookinfo/nope',
    );
  });

  it('opens the YAML editor for a resource when the user may change it', async () => {
    const api = tabApi({
      getLiveResource: jest.fn().mockResolvedValue(reviewsLive()),
    });
    await render(api);
    await screen.findByText('Cluster east');
    await userEvent.click(
      screen.getByLabelText('YAML / Edit VirtualService bookinfo/reviews'),
    );
    expect(
      await screen.findByText('Edit VirtualService bookinfo/reviews'),
    ).toBeInTheDocument();
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
  });

  it('disables YAML / Edit with the reason without mesh.config.update', async () => {
    const api = tabApi();
    // usePermission caches answers per entity across renders (SWR): ask about an entity the
    // other tests did not.
    await render(
      api,
      AuthorizeResult.DENY,
      entity(
        {
          'backstage.io/kubernetes-label-selector': 'app=reviews',
        },
        'reviews-restricted',
      ),
    );
    await screen.findByText('Cluster east');
    await waitFor(() =>
      expect(
        screen.getByLabelText('YAML / Edit VirtualService bookinfo/reviews'),
      ).toBeDisabled(),
    );
    expect(screen.getAllByTestId('edit-disabled-reason')[0]).toHaveAttribute(
      'aria-label',
      expect.stringContaining(
        'You need the mesh.config.update permission on component:default/reviews-restricted',
      ),
    );
  });

  it('says which annotation to add when the entity has none', async () => {
    const api = tabApi();
    await render(api, AuthorizeResult.ALLOW, entity());
    expect(
      await screen.findByText(
        'This entity does not say which pods are its own',
      ),
    ).toBeInTheDocument();
    expect(api.getEntityTraffic).not.toHaveBeenCalled();
  });

  it('shows no canary section for an entity that never had a canary', async () => {
    const api = tabApi();
    await render(api);
    expect(await screen.findByText('Cluster east')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.listEntityCanaries).toHaveBeenCalledWith({
        kind: 'component',
        namespace: 'default',
        name: 'reviews',
      }),
    );
    expect(screen.queryByTestId('canary-panel')).not.toBeInTheDocument();
  });

  it('shows the canaries above the clusters and opens the one a ?canary= link names', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    try {
      const api = tabApi({
        listEntityCanaries: jest
          .fn()
          .mockResolvedValue([activeCanary(), rolledBackCanary()]),
      });
      // The Scaffolder's link: /catalog/default/component/reviews/traffic?canary=cnr-51b0
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [meshApiRef, api],
            [permissionApiRef, mockApis.permission()],
          ]}
        >
          <EntityProvider entity={annotated}>
            <EntityTrafficContent refreshIntervalMs={60_000} />
          </EntityProvider>
        </TestApiProvider>,
        { routeEntries: ['/traffic?canary=cnr-51b0'] },
      );
      const active = await screen.findByRole('region', {
        name: 'Canary: reviews v1 → v3',
      });
      const panel = screen.getByTestId('canary-panel');
      // Above the clusters' cards.
      expect(
        panel.compareDocumentPosition(vsCard()) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
      expect(active).not.toHaveAttribute('data-selected');
      const line = screen.getByTestId('canary-cnr-51b0');
      expect(line).toHaveAttribute('data-selected', 'true');
      expect(
        await screen.findByRole('table', { name: 'steps of canary cnr-51b0' }),
      ).toBeInTheDocument();
      expect(scrollIntoView.mock.contexts).toEqual([line]);
    } finally {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    }
  });
});
