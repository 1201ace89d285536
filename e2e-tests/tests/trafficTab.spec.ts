import { expect, Page, test } from '@playwright/test';
import fs from 'fs';
import path from 'path';

// The Traffic tab end to end on the sandbox's Bookinfo: the reviews rules in words, the traffic
// shifting wizard sending 50 % to v1 and 50 % to v3 through preview and apply, the tab and the
// tracer showing the split, and the sandbox's traffic model serving it (its Istio metrics move
// toward 50/50). Ends by reverting the change so a rerun starts from all-v1.
test.describe.configure({ mode: 'serial' });

const SHOTS = '../.meshport/e2e-output';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

/** Requests the sandbox's simulated sidecars have served to reviews-v1 and reviews-v3 so far. */
async function reviewsRequests(): Promise<{ v1: number; v3: number }> {
  const endpoints = JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../.meshport/sandbox/endpoints.json'),
      'utf8',
    ),
  ) as { clusters: Array<{ metricsUrl: string }> };
  const text = await (await fetch(endpoints.clusters[0].metricsUrl)).text();
  const count = (workload: string) =>
    text
      .split('\n')
      .filter(
        l =>
          l.startsWith('istio_requests_total{') &&
          l.includes('reporter="destination"') &&
          l.includes(`destination_workload="${workload}"`),
      )
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return { v1: count('reviews-v1'), v3: count('reviews-v3') };
}

test('the shifting wizard splits reviews 50/50 between v1 and v3; the tab, the tracer and the traffic model show it', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('link', { name: 'reviews', exact: true }).click();
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await expect(page).toHaveURL(/\/traffic$/);

  // The Bookinfo rule in words: every request goes to v1.
  const vs = page.getByTestId(
    'traffic-resource-VirtualService-bookinfo-reviews',
  );
  await expect(vs.getByTestId('rule-row-http-0')).toContainText(
    'every request',
  );
  await expect(vs.getByTestId('rule-row-http-0')).toContainText('v1');
  await page.screenshot({
    path: `${SHOTS}/traffic-before.png`,
    fullPage: true,
  });

  // The wizard: 50 % v1, 50 % v3, previewed, applied.
  await page.getByRole('button', { name: 'Change traffic' }).click();
  await page.getByText('Traffic shifting', { exact: true }).click();
  const wizard = page.getByRole('dialog').last();
  // The form shows once the wizard has loaded the live rules; fill it only then.
  await expect(wizard.getByLabel('v1 (%)')).toBeVisible();
  await wizard.getByLabel('v1 (%)').fill('50');
  await wizard.getByLabel('v2 (%)').fill('0');
  await wizard.getByLabel('v3 (%)').fill('50');
  await expect(wizard.getByText('Total: 100 %')).toBeVisible();
  await wizard.getByRole('button', { name: 'Preview' }).click();
  const review = page.getByRole('dialog', { name: /Review/ });
  await expect(review.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  await expect(review.getByText(/weight: 50/).first()).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/traffic-review.png`,
    fullPage: true,
  });
  const before = await reviewsRequests();
  await review.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The tab shows the split.
  const row = vs.locator('[data-testid^="rule-row-http-"]').last();
  await expect(row.getByTestId('weight-split-bar')).toHaveAttribute(
    'aria-label',
    /50/,
  );
  await expect(row).toContainText('v3');

  // The tracer shows the split for a request from productpage.
  const form = page.getByTestId('trace-form');
  await form
    .getByLabel('From (namespace/workload)')
    .fill('bookinfo/productpage-v1');
  await form.getByRole('button', { name: 'Trace' }).click();
  const destinations = page.getByTestId('trace-destination');
  await expect(destinations).toHaveCount(2);
  await expect(page.getByTestId('trace-result')).toContainText('50');
  await page.screenshot({ path: `${SHOTS}/traffic-after.png`, fullPage: true });

  // The traffic model serves it: of the requests since the apply, v3 gets about half.
  await expect
    .poll(
      async () => {
        const now = await reviewsRequests();
        const v1 = now.v1 - before.v1;
        const v3 = now.v3 - before.v3;
        return v1 + v3 >= 40 ? v3 / (v1 + v3) : -1;
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0.3);
  const after = await reviewsRequests();
  const share =
    (after.v3 - before.v3) / (after.v1 - before.v1 + after.v3 - before.v3);
  expect(share).toBeLessThan(0.7);

  // Put it back: Revert from the history, previewed and applied like any change.
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
});
