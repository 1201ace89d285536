import { expect, Page, test } from '@playwright/test';
import fs from 'fs';
import path from 'path';

// The Security tab end to end on the sandbox's Bookinfo (whose CLI demo adds productpage → ratings
// calls on one page in 20): on ratings, the "allow only these callers" wizard with reviews' service
// account, previewed and applied; "may A call B" from productpage says denied and names the policy;
// the sandbox's sidecars serve 403s for productpage → ratings; the tab shows them as seen and denied.
// Reverts the change at the end so a rerun starts clean.
test.describe.configure({ mode: 'serial' });

const SHOTS = '../.meshport/e2e-output';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

/** 403s the sandbox's ratings sidecar has answered to productpage so far (destination reporter). */
async function productpageRatings403s(): Promise<number> {
  const endpoints = JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../.meshport/sandbox/endpoints.json'),
      'utf8',
    ),
  ) as { clusters: Array<{ metricsUrl: string }> };
  const text = await (await fetch(endpoints.clusters[0].metricsUrl)).text();
  return text
    .split('\n')
    .filter(
      l =>
        l.startsWith('istio_requests_total{') &&
        l.includes('reporter="destination"') &&
        l.includes('source_workload="productpage-v1"') &&
        l.includes('destination_workload="ratings-v1"') &&
        l.includes('response_code="403"'),
    )
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

test('allow only reviews on ratings: can-i denies productpage naming the policy, the sandbox answers 403, the tab shows seen and denied', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/ratings/security');
  await expect(page.getByRole('tab', { name: 'Security' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByLabel('mTLS per workload and port')).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/security-before.png`,
    fullPage: true,
  });

  // The wizard: only reviews' service account may call ratings.
  await page
    .getByRole('button', { name: /^Change security/ })
    .first()
    .click();
  await page
    .getByRole('menuitem', { name: 'Allow only these callers' })
    .click();
  const wizard = page.getByRole('dialog').last();
  await wizard
    .getByLabel('Service accounts (namespace/name, comma-separated)')
    .fill('bookinfo/bookinfo-reviews');
  await wizard.getByRole('button', { name: 'Preview' }).click();
  const review = page.getByRole('dialog', { name: /Review/ });
  await expect(review.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  await expect(review.getByText(/AuthorizationPolicy/).first()).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/security-review.png`,
    fullPage: true,
  });
  const before = await productpageRatings403s();
  await review.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // May productpage call ratings? Denied, by the new policy.
  const form = page.getByRole('form', { name: 'may a call b' });
  await form
    .getByLabel('From (namespace/workload or namespace/serviceaccount)')
    .fill('bookinfo/productpage-v1');
  await form.getByLabel('To (namespace/workload)').fill('bookinfo/ratings-v1');
  await form.getByRole('button', { name: 'Ask' }).click();
  const answer = page.getByTestId('can-i-result');
  await expect(answer).toContainText(/denied/i);
  await expect(answer).toContainText('allow-only');

  // The sandbox's ratings sidecar now answers productpage with 403.
  await expect
    .poll(async () => (await productpageRatings403s()) - before, {
      timeout: 60_000,
      intervals: [2_000],
    })
    .toBeGreaterThan(0);

  // The tab shows productpage as seen and denied (once the 403s reach the metrics source).
  await expect
    .poll(
      async () => {
        await page.reload();
        const row = page
          .getByTestId('access-row')
          .filter({ hasText: 'bookinfo/productpage-v1' })
          .first();
        await row.waitFor({ timeout: 30_000 });
        return row.innerText();
      },
      { timeout: 120_000, intervals: [5_000] },
    )
    .toMatch(/seen and denied/);
  await page.screenshot({
    path: `${SHOTS}/security-after.png`,
    fullPage: true,
  });

  // Put it back.
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
