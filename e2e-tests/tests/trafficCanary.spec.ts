import { expect, Page, test } from '@playwright/test';
import fs from 'fs';
import https from 'https';
import path from 'path';

// A canary release from the portal: the "Canary release" template run from /create, the
// canary followed on reviews' Traffic tab while the controller moves its weight, then aborted,
// with the sandbox's VirtualService back at 100 % on the stable version.
test.describe.configure({ mode: 'serial' });

const SHOTS = '../.meshport/e2e-output';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

/** The reviews VirtualService's default route, read from the sandbox's API server itself. */
async function reviewsRoute(): Promise<Record<string, number>> {
  const state = path.resolve(__dirname, '../../.meshport/sandbox');
  const endpoints = JSON.parse(
    fs.readFileSync(path.join(state, 'endpoints.json'), 'utf8'),
  ) as {
    clusters: Array<{
      apiUrl: string;
      caFile: string | null;
      tokenFile: string;
    }>;
  };
  const c = endpoints.clusters[0];
  const url = `${c.apiUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews`;
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(
        url,
        {
          ca: c.caFile ? fs.readFileSync(c.caFile) : undefined,
          headers: {
            authorization: `Bearer ${fs.readFileSync(c.tokenFile, 'utf8').trim()}`,
          },
        },
        res => {
          let text = '';
          res.on('data', d => (text += d));
          res.on('end', () => resolve(text));
        },
      )
      .on('error', reject);
  });
  const vs = JSON.parse(body) as {
    spec: {
      http: Array<{
        match?: unknown[];
        route: Array<{ destination: { subset?: string }; weight?: number }>;
      }>;
    };
  };
  const rule = vs.spec.http.find(r => !r.match?.length)!;
  return Object.fromEntries(
    rule.route.map(d => [d.destination.subset ?? '', d.weight ?? 100]),
  );
}

test('a canary from the Canary release template: the weight advances on the Traffic tab, Abort puts all traffic back on v1', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // The template, as an owner of reviews: reviews v1 → v3 picked from the mesh, a 10 s interval.
  await page.getByRole('link', { name: /Create/ }).click();
  await expect(page.getByText('Canary release').first()).toBeVisible();
  await page
    .getByRole('button', { name: /choose/i })
    .first()
    .click();
  await page.getByRole('combobox').first().click();
  await page
    .getByRole('option', { name: /reviews/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Page 2, the MeshCanaryTargetPicker: reviews' Services and versions from the mesh.
  await page.getByLabel(/^Service/).click();
  // `bookinfo/reviews`, or `bookinfo/reviews (cluster …)` per cluster when there are several.
  await page
    .getByRole('option', { name: /^bookinfo\/reviews/ })
    .first()
    .click();
  await page.getByLabel(/^Stable version/).click();
  await page.getByRole('option', { name: /^v1 —/ }).click();
  await page.getByLabel(/^Canary version/).click();
  await page.getByRole('option', { name: /^v3 —/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/Interval/).fill('10');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const open = page.getByRole('link', { name: /Open the canary/i });
  await expect(open).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByText('10 % → 20 % → 30 % → 40 % → 50 %'),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/canary-task.png`, fullPage: true });
  expect(await reviewsRoute()).toEqual({ v1: 90, v3: 10 });

  // The canary's page: the Traffic tab with this canary selected, first at 10 %.
  await open.click();
  await expect(page).toHaveURL(/\/traffic\?canary=/);
  const card = page.getByRole('region', { name: 'Canary: reviews v1 → v3' });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('canary-facts')).toContainText('step 1 of 5');

  // The controller judges the step on the sandbox's metrics and moves on.
  await expect(card.getByTestId('canary-facts')).toContainText(
    /step [2-5] of 5/,
    { timeout: 90_000 },
  );
  await expect(card.getByTestId('canary-event-2')).toContainText('advanced');
  await expect(card.getByTestId('canary-event-2')).toContainText(
    /success rate/,
  );
  await page.screenshot({ path: `${SHOTS}/canary-advancing.png` });
  const advanced = await reviewsRoute();
  expect(advanced.v3).toBeGreaterThanOrEqual(20);

  // Abort: confirmed with a reason, then all traffic is back on v1.
  await card.getByRole('button', { name: 'Abort' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (optional)').fill('e2e: seen enough');
  await dialog.getByRole('button', { name: 'Abort' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    page.getByRole('table', { name: 'canary history' }),
  ).toContainText('aborted');
  await expect.poll(reviewsRoute, { timeout: 30_000 }).toEqual({ v1: 100 });
  const vs = page.getByTestId(
    'traffic-resource-VirtualService-bookinfo-reviews',
  );
  await expect(vs.getByTestId('rule-row-http-0')).toContainText('v1');
  await expect(vs.getByTestId('rule-row-http-0')).not.toContainText('v3');
  await page.screenshot({ path: `${SHOTS}/canary-aborted.png` });
});
