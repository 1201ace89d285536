import { expect, Page, test } from '@playwright/test';
import { renderPromQL } from '@meshport/plugin-mesh-common';

// The Topology tab end to end on the sandbox's Bookinfo, with metrics from the Prometheus `npm start`
// runs (or the direct-scrape source): reviews spread over v1/v2/v3 by the Traffic tab's shifting
// wizard, the graph showing productpage → reviews v1/v2/v3 → ratings with rates, then a fault on
// ratings from the Traffic tab's fault-injection wizard turning the reviews → ratings edges red,
// with the side panel saying why. Reverts both changes at the end so a rerun starts clean.
test.describe.configure({ mode: 'serial' });

const SHOTS = '../.meshport/e2e-output';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

async function openTab(page: Page, entity: string, tab: string) {
  await page.goto(`/catalog/default/component/${entity}/${tab.toLowerCase()}`);
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

async function applyWizard(
  page: Page,
  wizard: string,
  fill: (d: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  await page.getByRole('button', { name: 'Change traffic' }).click();
  await page.getByText(wizard, { exact: true }).click();
  const dialog = page.getByRole('dialog').last();
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const review = page.getByRole('dialog', { name: /Review/ });
  await expect(review.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  await review.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

async function revertLatest(page: Page) {
  await page
    .getByRole('button', { name: /^revert change/ })
    .first()
    .click();
  const revert = page.getByRole('dialog', { name: /Review revert/ });
  await expect(revert.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  await revert.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** The graph's edges as the tab lists them for keyboards and screen readers: "a → b (http, healthy)". */
async function edgeTexts(page: Page): Promise<string[]> {
  return page.getByTestId('graph-edge').allInnerTexts();
}

/**
 * Watches the Prometheus `npm start` runs (MESHPORT_PROMETHEUS_URL, else 127.0.0.1:9090) for the
 * moment its own samples say both reviews → ratings edges fail: a 503 rate from reviews v2 and from
 * reviews v3. An abort injected at the caller reaches no endpoint, so those requests make an edge to
 * the ratings service that is all 5xx — red from its first rate. Asked as the portal asks it, new
 * series counted from zero (`RateQuery.countNewSeries`), this is the first scrape that has the
 * 503s: the floor under "fault → red". What the tab takes beyond it is the portal's own share
 * (rules, shared results, refresh), which the test bounds. Also reads the scrape interval from
 * Prometheus's configuration.
 */
function watchPrometheusForFault(since: number) {
  const url = process.env.MESHPORT_PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
  const eq = (label: string, value: string) => ({
    label,
    op: '=' as const,
    value,
  });
  const rates = renderPromQL({
    kind: 'rate',
    metric: 'istio_requests_total',
    matchers: [
      eq('source_app', 'reviews'),
      eq('destination_service_name', 'ratings'),
      eq('response_code', '503'),
    ],
    windowSeconds: 60,
    by: ['source_version'],
    countNewSeries: true,
  });
  const query = `count(${rates} > 0) >= 2`;
  const ask = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return (await res.json()) as {
      data?: { result?: unknown[]; yaml?: string };
    };
  };
  let seenAfterMs: number | undefined;
  let scrapeIntervalMs: number | undefined;
  let reached = false;
  let stale = false;
  let stopped = false;
  const watching = (async () => {
    try {
      const config = await ask('/api/v1/status/config');
      const interval = /scrape_interval: (\d+)s\b/.exec(
        config.data?.yaml ?? '',
      );
      if (interval) scrapeIntervalMs = Number(interval[1]) * 1000;
    } catch {
      return;
    }
    while (!stopped && seenAfterMs === undefined) {
      try {
        const body = await ask(
          `/api/v1/query?query=${encodeURIComponent(query)}`,
        );
        // Rates on the first look, before a scrape could follow the fault, are an earlier run's.
        if (body.data?.result?.length) {
          if (!reached) stale = true;
          seenAfterMs = Date.now() - since;
        }
        reached = true;
      } catch {
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  })();
  return {
    /** Milliseconds from `since` to both rates, if seen; the scrape interval; whether Prometheus answered; whether the rates were already there. */
    stop: async () => {
      stopped = true;
      await watching;
      return { seenAfterMs, scrapeIntervalMs, reached, stale };
    },
  };
}

async function selectOption(page: Page, label: string, option: string) {
  // A MUI select is a button named by its label and its value, e.g. "Graph Apps and versions".
  await page.getByRole('button', { name: new RegExp(`^${label} `) }).click();
  await page.getByRole('option', { name: option }).click();
}

test('the Bookinfo graph with rates; a fault on ratings turns reviews → ratings red and the panel says why', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // reviews over v1/v2/v3, so that v2 and v3 call ratings.
  await openTab(page, 'reviews', 'Traffic');
  await applyWizard(page, 'Traffic shifting', async dialog => {
    for (const [v, w] of [
      ['v1', '34'],
      ['v2', '33'],
      ['v3', '33'],
    ])
      await dialog.getByLabel(`${v} (%)`).fill(w);
  });

  await openTab(page, 'reviews', 'Topology');
  await selectOption(page, 'Graph', 'Apps and versions');
  await selectOption(page, 'Window', 'Last minute');
  const wanted = [
    /^productpage v1 → reviews v1 /,
    /^productpage v1 → reviews v2 /,
    /^productpage v1 → reviews v3 /,
    /^reviews v2 → ratings v1 /,
    /^reviews v3 → ratings v1 /,
  ];
  await expect
    .poll(
      async () => {
        const edges = await edgeTexts(page);
        return wanted.filter(w => edges.some(e => w.test(e))).length;
      },
      { timeout: 120_000, intervals: [3_000] },
    )
    .toBe(wanted.length);
  // Rates: the side panel of reviews v2 → ratings v1 shows requests per second.
  await page
    .getByRole('button', { name: /^reviews v2 → ratings v1 / })
    .evaluate((el: HTMLElement) => el.click());
  const details = page.getByTestId('edge-details');
  await expect(details.getByTestId('edge-rate')).toContainText(
    /\d(\.\d+)? rps/,
  );
  await expect(details.getByTestId('edge-rate')).not.toContainText(
    /^rate\s*0 rps/,
  );
  await page.getByLabel('Edge labels').check();
  await page.screenshot({
    path: `${SHOTS}/topology-bookinfo.png`,
    fullPage: true,
  });

  // A fault on ratings, from the Traffic tab's wizard: every request aborted with 503.
  await openTab(page, 'ratings', 'Traffic');
  await applyWizard(page, 'Fault injection', async dialog => {
    await dialog.getByLabel('Delay requests').uncheck();
    await dialog.getByLabel('Abort requests').check();
    await dialog.getByLabel('HTTP status').fill('503');
    await dialog.getByLabel('Of requests (%)').fill('100');
  });
  const appliedAt = Date.now();
  const prometheus = watchPrometheusForFault(appliedAt);

  await openTab(page, 'reviews', 'Topology');
  await selectOption(page, 'Graph', 'Apps and versions');
  await selectOption(page, 'Window', 'Last minute');
  const redEdge = /^reviews v[23] → ratings.* \(http, failure\)$/;
  // The tab is open and filtered from here: it cannot show red before.
  const lookingAfterMs = Date.now() - appliedAt;
  await expect
    .poll(
      async () => (await edgeTexts(page)).filter(e => redEdge.test(e)).length,
      {
        timeout: 90_000,
        intervals: [1_000],
      },
    )
    .toBeGreaterThanOrEqual(2);
  const redAfterMs = Date.now() - appliedAt;
  const watched = await prometheus.stop();
  const scrapes = watched.scrapeIntervalMs
    ? `${watched.scrapeIntervalMs / 1000} s scrapes`
    : 'scrape interval unknown';
  let floor = 'no Prometheus answered at MESHPORT_PROMETHEUS_URL';
  if (watched.stale)
    floor = 'not timed: 503s of an earlier run were still in the window';
  else if (watched.seenAfterMs !== undefined)
    floor = `Prometheus had both edges' 503 rates at ${(watched.seenAfterMs / 1000).toFixed(1)} s, the tab was open at ${(lookingAfterMs / 1000).toFixed(1)} s and showed them red (rules, shared result, refresh) ${((redAfterMs - Math.max(watched.seenAfterMs, lookingAfterMs)) / 1000).toFixed(1)} s after both`;
  else if (watched.reached) floor = 'Prometheus had no 503 rates yet';
  test.info().annotations.push({
    type: 'fault → red edges',
    // Rules run only in the Prometheus `npm start` runs; the direct scrape has none.
    description: `${(redAfterMs / 1000).toFixed(1)} s after apply; ${floor} (${watched.reached ? `${scrapes}, 1 s rule interval` : 'direct scrape'}, 1 s shared results, 1 s tab refresh)`,
  });
  const red = (await edgeTexts(page)).find(e => redEdge.test(e))!;
  await page
    .getByRole('button', { name: red })
    .first()
    .evaluate((el: HTMLElement) => el.click());
  const why = page
    .getByTestId('edge-details')
    .getByTestId('health-reason')
    .first();
  await expect(why).toHaveAttribute('data-status', 'failure');
  await expect(why).toContainText('5xx');
  await page.screenshot({
    path: `${SHOTS}/topology-fault.png`,
    fullPage: true,
  });

  // Put both back.
  await openTab(page, 'ratings', 'Traffic');
  await revertLatest(page);
  await openTab(page, 'reviews', 'Traffic');
  await revertLatest(page);
  // Red within two scrape intervals of Apply: the first scrape that has the 503s comes within one,
  // and what the portal adds once Prometheus has them and the tab is open stays within another.
  // Checked after the reverts, so a miss leaves the cluster clean; not checked when an earlier
  // run's 503s were still in the window (a rerun within a minute).
  if (!watched.stale && watched.scrapeIntervalMs !== undefined) {
    expect(watched.seenAfterMs, 'Prometheus saw the 503s').toBeDefined();
    expect(
      redAfterMs - Math.max(watched.seenAfterMs!, lookingAfterMs),
      "the portal's share of fault → red",
    ).toBeLessThanOrEqual(watched.scrapeIntervalMs);
    expect(redAfterMs, 'fault → red, from Apply').toBeLessThanOrEqual(
      2 * watched.scrapeIntervalMs,
    );
  }
});
