import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { fixedSizeResizeObserver } from '../../testing/chartsInJsdom';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import {
  activeCanary,
  PAUSE_MESSAGE,
  pausedCanary,
  promotedCanary,
  rolledBackCanary,
} from './__fixtures__/canaryFixtures';
import { CanaryPanel } from './CanaryPanel';

// Generous: the whole repo's suites share two CPUs in CI.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

let restore: () => void;
const scrollIntoView = jest.fn();
beforeAll(() => {
  restore = fixedSizeResizeObserver();
  Element.prototype.scrollIntoView = scrollIntoView;
});
afterAll(() => {
  restore();
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});
beforeEach(() => scrollIntoView.mockClear());

const reviews = { kind: 'component', namespace: 'default', name: 'reviews' };

async function render(
  api: ReturnType<typeof mockMeshApi>,
  options: {
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entityRef?: typeof reviews;
    selectedId?: string;
  } = {},
) {
  const onChanged = jest.fn();
  const result = await renderWithApis(
    <CanaryPanel
      entityRef={options.entityRef ?? reviews}
      refreshIntervalMs={60_000}
      selectedId={options.selectedId}
      onChanged={onChanged}
    />,
    api,
    options.authorize,
  );
  return { ...result, onChanged };
}

const listing = (...canaries: CanaryRecord[]) =>
  mockMeshApi({
    listEntityCanaries: jest.fn().mockResolvedValue(canaries),
  });

const card = () =>
  screen.findByRole('region', { name: 'Canary: reviews v1 → v3' });

/** Presses an enabled action button and confirms in its dialog, with a reason when given. */
async function confirmAction(label: string, reason?: string) {
  const button = await screen.findByRole('button', { name: label });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  const dialog = await screen.findByRole('dialog');
  if (reason)
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      reason,
    );
  await userEvent.click(within(dialog).getByRole('button', { name: label }));
  return dialog;
}

describe('CanaryPanel', () => {
  it('shows the running canary: split, step, next check, failed checks, plan, charts and steps', async () => {
    const api = listing(activeCanary());
    await render(api);
    const region = await card();
    expect(api.listEntityCanaries).toHaveBeenCalledWith(reviews);
    expect(within(region).getByText('progressing')).toBeInTheDocument();
    expect(region).toHaveTextContent(
      'VirtualService bookinfo/reviews in cluster east · started by user:default/guest 2 min ago',
    );
    expect(
      within(region).getByRole('img', {
        name: 'split: v1 (stable) — 80 %, v3 (canary) — 20 %',
      }),
    ).toBeInTheDocument();
    expect(within(region).getByTestId('canary-facts').textContent).toMatch(
      /^step 2 of 5 · 20 % · next check in \d+ s · failed checks 1 of 2$/,
    );
    expect(region).toHaveTextContent(
      'holding at 20 % after a failed check (1 of 2)',
    );
    expect(region).toHaveTextContent(
      'Plan: 10 % steps up to 50 %, every 1 min; roll back after 2 failed checks; checks: success rate ≥ 99 %, p99 latency ≤ 500 ms',
    );

    // One chart per check with its threshold line; a red dot where the check failed.
    const sr = within(region).getByRole('figure', {
      name: 'success rate per step',
    });
    expect(sr).toHaveTextContent(
      'success rate (%) — must be ≥ 99 % — failed 1 of 2',
    );
    expect(sr.querySelectorAll('.recharts-reference-line')).toHaveLength(1);
    expect(sr).toHaveTextContent('min 99');
    expect(sr.querySelectorAll('circle.canary-check-ok')).toHaveLength(1);
    expect(sr.querySelectorAll('circle.canary-check-failed')).toHaveLength(1);
    const p99 = within(region).getByRole('figure', {
      name: 'p99 latency per step',
    });
    expect(p99).toHaveTextContent('max 500');
    expect(p99.querySelectorAll('circle.canary-check-failed')).toHaveLength(0);
    expect(p99.querySelectorAll('circle.canary-check-ok')).toHaveLength(2);
    const weight = within(region).getByRole('figure', {
      name: 'canary weight over time',
    });
    const curve = weight.querySelector('path.recharts-line-curve');
    expect(curve?.getAttribute('d')).toMatch(/^M.+L/);

    // The steps, newest first, with each check against its range.
    const table = within(region).getByRole('table', {
      name: 'steps of canary cnr-7f3a',
    });
    const rows = within(table)
      .getAllByRole('row')
      .filter(r => r.getAttribute('data-testid'));
    expect(rows.map(r => r.getAttribute('data-testid'))).toEqual([
      'canary-event-3',
      'canary-event-2',
      'canary-event-1',
    ]);
    expect(rows[0]).toHaveTextContent('held: a check failed');
    expect(rows[0]).toHaveTextContent('20 %');
    expect(rows[0]).toHaveTextContent(
      '✗ success rate 98.7 % (≥ 99 %): 98.7 % is below 99 %',
    );
    expect(rows[0]).toHaveTextContent('✓ p99 latency 488 ms (≤ 500 ms)');
    expect(within(rows[0]).getByRole('img', { name: 'failed' })).toBeVisible();
    expect(rows[0]).toHaveTextContent('controller');
    expect(rows[1]).toHaveTextContent('✓ success rate 99.84 % (≥ 99 %)');
    expect(rows[1]).toHaveTextContent('chg-102');
    expect(rows[2]).toHaveTextContent('started');
    expect(rows[2]).toHaveTextContent('user:default/guest');
    expect(rows[2]).toHaveTextContent('chg-101');

    // Running, not paused: no Resume.
    expect(
      within(region).getByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
    expect(
      within(region).queryByRole('button', { name: 'Resume' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'canary history' })).toBeNull();
  });

  it('shows why a paused canary stopped and resumes it after confirmation', async () => {
    const resumed = { ...pausedCanary(), state: 'progressing' as const };
    const api = mockMeshApi({
      listEntityCanaries: jest
        .fn()
        .mockResolvedValueOnce([pausedCanary()])
        .mockResolvedValue([resumed]),
      resumeCanary: jest.fn().mockResolvedValue(resumed),
    });
    const { onChanged } = await render(api);
    const region = await card();
    expect(
      within(region).getByText('paused', { selector: '.MuiChip-label' }),
    ).toBeInTheDocument();
    expect(within(region).getByTestId('canary-pause-reason')).toHaveTextContent(
      `Paused: ${PAUSE_MESSAGE}`,
    );
    // Paused: no countdown to a check that will not run.
    expect(within(region).getByTestId('canary-facts')).toHaveTextContent(
      /^step 2 of 5 · 20 % · failed checks 1 of 2$/,
    );

    const dialog = await confirmAction('Resume');
    expect(dialog).toHaveTextContent(
      'The controller takes over the routing of VirtualService bookinfo/reviews again, as it is now, and continues from step 2 of 5 (20 % to v3); the next check is in 1 min.',
    );
    expect(api.resumeCanary).toHaveBeenCalledWith('cnr-7f3a', undefined);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // The list is read again, and the tab hears that the canary moved.
    await waitFor(() =>
      expect(
        within(region).getByText('progressing', { selector: '.MuiChip-label' }),
      ).toBeInTheDocument(),
    );
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('promotes and aborts only after confirmation, with the reason given', async () => {
    // Paused, so the list is read at the tab's pace (a minute): each further read is the refresh
    // after an action.
    const api = mockMeshApi({
      listEntityCanaries: jest.fn().mockResolvedValue([pausedCanary()]),
      promoteCanary: jest
        .fn()
        .mockResolvedValue({ ...activeCanary(), state: 'promoted' }),
      abortCanary: jest
        .fn()
        .mockResolvedValue({ ...activeCanary(), state: 'aborted' }),
    });
    await render(api);
    await card();

    // Cancel leaves the canary alone.
    const abort = await screen.findByRole('button', { name: 'Abort' });
    await waitFor(() => expect(abort).toBeEnabled());
    await userEvent.click(abort);
    const cancelled = await screen.findByRole('dialog', {
      name: 'Abort the canary of reviews v3?',
    });
    expect(cancelled).toHaveTextContent(
      'All traffic goes back to v1, and the canary of v3 stops for good.',
    );
    await userEvent.click(
      within(cancelled).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.abortCanary).not.toHaveBeenCalled();

    const promote = await confirmAction('Promote');
    expect(promote).toHaveTextContent(
      'All traffic goes to v3 now; the remaining steps and their checks are skipped.',
    );
    expect(api.promoteCanary).toHaveBeenCalledWith('cnr-7f3a', undefined);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(api.listEntityCanaries).toHaveBeenCalledTimes(2),
    );

    await confirmAction('Abort', 'p99 regression on v3');
    expect(api.abortCanary).toHaveBeenCalledWith(
      'cnr-7f3a',
      'p99 regression on v3',
    );
    await waitFor(() =>
      expect(api.listEntityCanaries).toHaveBeenCalledTimes(3),
    );
  });

  it("keeps the dialog open with the backend's message when an action fails", async () => {
    const message =
      'canary cnr-7f3a is rolled-back; only a progressing or paused canary can be aborted';
    const api = mockMeshApi({
      listEntityCanaries: jest.fn().mockResolvedValue([pausedCanary()]),
      abortCanary: jest
        .fn()
        .mockRejectedValue(await responseError(409, 'ConflictError', message)),
    });
    await render(api);
    const dialog = await confirmAction('Abort');
    expect(
      await within(dialog).findByText(`Could not abort the canary: ${message}`),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(api.listEntityCanaries).toHaveBeenCalledTimes(1);
  });

  it('disables Promote, Abort and Resume with the reason without mesh.canary.manage', async () => {
    const restricted = { ...reviews, name: 'reviews-no-canary' };
    await render(listing(pausedCanary()), {
      authorize: AuthorizeResult.DENY,
      entityRef: restricted,
    });
    await card();
    for (const label of ['Resume', 'Promote', 'Abort']) {
      const button = screen.getByRole('button', { name: label });
      await waitFor(() =>
        expect(button.parentElement).toHaveAttribute(
          'title',
          "You need the mesh.canary.manage permission on component:default/reviews-no-canary; ask the entity's owners or a portal admin.",
        ),
      );
      expect(button).toBeDisabled();
    }
  });

  it('lists finished canaries in the history, each expandable to its detail with gaps marked', async () => {
    await render(listing(activeCanary(), rolledBackCanary(), promotedCanary()));
    await card();
    const history = screen.getByRole('table', { name: 'canary history' });
    const lines = within(history)
      .getAllByRole('row')
      .filter(r => r.getAttribute('data-testid'));
    expect(lines.map(r => r.getAttribute('data-testid'))).toEqual([
      'canary-cnr-51b0',
      'canary-cnr-0c12',
    ]);
    expect(lines[0]).toHaveTextContent('reviews v1 → v2');
    expect(lines[0]).toHaveTextContent('rolled back');
    expect(lines[0]).toHaveTextContent('3 d ago');
    expect(lines[0]).toHaveTextContent('controller');
    expect(lines[0]).toHaveTextContent('0 % on v2');
    expect(lines[1]).toHaveTextContent('reviews v0 → v1');
    expect(lines[1]).toHaveTextContent('promoted');
    expect(lines[1]).toHaveTextContent('user:default/jane');
    expect(lines[1]).toHaveTextContent('100 % on v1');
    // Finished canaries offer no actions and are closed until asked.
    expect(within(history).queryByRole('button', { name: 'Abort' })).toBeNull();
    expect(
      screen.queryByRole('table', { name: 'steps of canary cnr-51b0' }),
    ).toBeNull();
    expect(scrollIntoView).not.toHaveBeenCalled();

    await userEvent.click(
      within(lines[0]).getByRole('button', {
        name: 'show details of canary cnr-51b0',
      }),
    );
    const steps = await screen.findByRole('table', {
      name: 'steps of canary cnr-51b0',
    });
    const stepRows = within(steps)
      .getAllByRole('row')
      .filter(r => r.getAttribute('data-testid'));
    expect(stepRows[0]).toHaveTextContent('rolled back');
    expect(stepRows[0]).toHaveTextContent(
      '✗ p99 latency 640 ms (≤ 500 ms): 640 ms is above 500 ms',
    );
    expect(stepRows[1]).toHaveTextContent(
      '✗ success rate no data (≥ 99 %): no data',
    );
    expect(stepRows[1]).toHaveTextContent(
      '✗ p99 latency no data (≤ 500 ms): query failed: Prometheus answered 503',
    );
    // In the chart the interval without data is a gap, marked as such.
    const checks = screen.getByRole('group', {
      name: 'checks of canary cnr-51b0',
    });
    const sr = within(checks).getByRole('figure', {
      name: 'success rate per step',
    });
    expect(sr.querySelectorAll('.canary-check-no-data')).toHaveLength(1);
    expect(sr).toHaveTextContent('no data');
    expect(sr.querySelectorAll('circle.canary-check-failed')).toHaveLength(1);
    expect(sr.querySelectorAll('circle.canary-check-ok')).toHaveLength(1);
  });

  it('opens and scrolls to the canary a ?canary= link names', async () => {
    await render(
      listing(activeCanary(), rolledBackCanary(), promotedCanary()),
      {
        selectedId: 'cnr-51b0',
      },
    );
    expect(
      await screen.findByRole('table', { name: 'steps of canary cnr-51b0' }),
    ).toBeInTheDocument();
    const line = screen.getByTestId('canary-cnr-51b0');
    expect(line).toHaveAttribute('data-selected', 'true');
    expect(
      within(line).getByRole('button', {
        name: 'hide details of canary cnr-51b0',
      }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(scrollIntoView.mock.contexts[0]).toBe(line);
    // The other finished canary stays closed, the active card unmarked.
    expect(
      screen.queryByRole('table', { name: 'steps of canary cnr-0c12' }),
    ).toBeNull();
    expect(screen.getByTestId('canary-cnr-7f3a')).not.toHaveAttribute(
      'data-selected',
    );
  });

  it('says so when the linked canary is not among the entity canaries', async () => {
    await render(listing(), { selectedId: 'cnr-gone' });
    expect(
      await screen.findByText(
        "Canary cnr-gone is not one of this entity's canary releases.",
      ),
    ).toBeInTheDocument();
  });

  it('renders nothing for an entity without canaries', async () => {
    const api = listing();
    const { container } = await render(api);
    await waitFor(() => expect(api.listEntityCanaries).toHaveBeenCalled());
    // Give the answer a moment to land; the panel must still be empty.
    await new Promise(r => setTimeout(r, 50));
    expect(container).toBeEmptyDOMElement();
  });

  it('shows the error when the canaries cannot be loaded', async () => {
    await render(
      mockMeshApi({
        listEntityCanaries: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              503,
              'ServiceUnavailableError',
              'database is down',
            ),
          ),
      }),
    );
    expect(
      await screen.findByText(
        'Could not load the canary releases: database is down',
      ),
    ).toBeInTheDocument();
  });

  it('re-reads a progressing canary every 3 s and tells the tab when it moved', async () => {
    const next = activeCanary({
      step: 2,
      weight: 30,
      failedChecks: 0,
      message: 'all checks passed; 30 % of requests to v3',
    });
    let moved = false;
    const api = mockMeshApi({
      listEntityCanaries: jest
        .fn()
        .mockImplementation(async () => [moved ? next : activeCanary()]),
    });
    const { onChanged } = await render(api);
    const region = await card();
    // The tab's own interval is a minute; a progressing canary's is 3 s.
    await waitFor(
      () => expect(api.listEntityCanaries.mock.calls.length).toBeGreaterThan(2),
      { timeout: 10_000 },
    );
    expect(onChanged).not.toHaveBeenCalled();

    moved = true;
    await waitFor(
      () =>
        expect(within(region).getByTestId('canary-facts')).toHaveTextContent(
          /^step 3 of 5 · 30 %/,
        ),
      { timeout: 10_000 },
    );
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(
      within(region).getByRole('img', {
        name: 'split: v1 (stable) — 70 %, v3 (canary) — 30 %',
      }),
    ).toBeInTheDocument();
  });
});
