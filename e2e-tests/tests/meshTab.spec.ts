import { expect, Page, test } from '@playwright/test';
import fs from 'fs';
import path from 'path';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  // Signed in once the sidebar shows; navigating earlier would land on the sign-in page again.
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

test('guest signs in, opens reviews and sees its workloads with sidecars on the Mesh tab', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('link', { name: 'reviews', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/reviews/);

  await page.getByRole('tab', { name: 'Mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  for (const workload of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
    const row = page.getByRole('row').filter({ hasText: workload });
    await expect(row).toBeVisible();
    // Every reviews pod runs in the injected bookinfo namespace, so each has its sidecar.
    await expect(row).toContainText('1/1 with sidecar');
  }
  await page.screenshot({
    path: '../.meshport/e2e-output/mesh-tab.png',
    fullPage: true,
  });
});

test('the mesh admin page lists the sandbox cluster as synced and the demo mesh', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Mesh admin' }).click();
  const cluster = page
    .getByRole('row')
    .filter({ hasText: 'https://127.0.0.1:' });
  await expect(cluster.first()).toContainText('sandbox');
  await expect(cluster.first()).toContainText(/synced/i);
  await expect(
    page.getByRole('row').filter({ hasText: 'demo' }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: '../.meshport/e2e-output/mesh-admin.png',
    fullPage: true,
  });
});

test('an admin registers a second cluster after a connection test, then deletes it', async ({
  page,
}) => {
  // The running sandbox's own endpoint, registered again under another name.
  const endpoints = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '../../.meshport/sandbox/endpoints.json'),
      'utf8',
    ),
  );
  const sandbox = endpoints.clusters[0];
  const ca = fs.readFileSync(sandbox.caFile, 'utf8');
  const token = fs.readFileSync(sandbox.tokenFile, 'utf8').trim();

  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Mesh admin' }).click();
  await page.getByRole('button', { name: 'Register cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register cluster' });
  await dialog.getByLabel('Name').fill('second');
  await dialog.getByLabel('API URL').fill(sandbox.apiUrl);
  await dialog.getByLabel('Bearer token').fill(token);
  // https without a CA is refused before anything is sent.
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog.getByText(/is required for an https URL/)).toBeVisible();

  await dialog.getByLabel('CA data (PEM)').fill(ca);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/Connected: Kubernetes v\d/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: 'second' });
  await expect(row).toContainText(/synced/i);
  await page.screenshot({
    path: '../.meshport/e2e-output/mesh-admin-registered.png',
    fullPage: true,
  });

  await page.getByRole('button', { name: 'delete cluster second' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /delete/i })
    .click();
  await expect(page.getByRole('row').filter({ hasText: 'second' })).toHaveCount(
    0,
  );
});
