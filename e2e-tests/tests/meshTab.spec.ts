import { expect, test } from '@playwright/test';

test('guest signs in, opens reviews and sees its workloads with sidecars on the Mesh tab', async ({ page }) => {
  await page.goto('/');
  // Backstage's sign-in page offers the guest provider.
  await page.getByRole('button', { name: /enter/i }).click();

  await page.goto('/catalog');
  await page.getByRole('link', { name: 'reviews', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/reviews/);

  await page.getByRole('tab', { name: 'Mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  for (const workload of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
    await expect(page.getByText(workload, { exact: true }).first()).toBeVisible();
  }
  // Every reviews pod runs in the injected bookinfo namespace, so each has a sidecar.
  await expect(page.getByText(/3\s*\/\s*3 with sidecar|with sidecar\s*3\s*\/\s*3/i).first()).toBeVisible();
  await page.screenshot({ path: '../.meshport/e2e-output/mesh-tab.png', fullPage: true });
});

test('the mesh admin page lists the sandbox cluster as synced', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await page.goto('/mesh-admin');
  await expect(page.getByText('sandbox', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/synced/i).first()).toBeVisible();
  await expect(page.getByText('demo', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: '../.meshport/e2e-output/mesh-admin.png', fullPage: true });
});
