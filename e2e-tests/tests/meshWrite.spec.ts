import {
  Browser,
  expect,
  Locator,
  Page,
  Request,
  test,
} from '@playwright/test';

// The write path end to end against the sandbox's Bookinfo: edit the `reviews` VirtualService in the
// browser editor, preview, apply, see it in the history, revert; and a second reviewer whose preview
// went stale gets the conflict instead of overwriting. The tests change shared state, so they run in
// order and each one puts the VirtualService back the way it found it.
test.describe.configure({ mode: 'serial' });

const VS = 'VirtualService bookinfo/reviews';
const SHOTS = '../.meshport/e2e-output';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByRole('link', { name: 'Mesh admin' })).toBeVisible();
}

async function openMeshTabFromCatalog(page: Page) {
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('link', { name: 'reviews', exact: true }).click();
  await page.getByRole('tab', { name: 'Mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
}

async function openMeshTab(page: Page) {
  await page.goto('/catalog/default/component/reviews/mesh');
  await expect(
    page.getByRole('table', { name: 'istio resources' }).first(),
  ).toBeVisible();
}

/** Opens the editor on the reviews VirtualService and waits for the live YAML. */
async function openEditor(page: Page): Promise<Locator> {
  await page
    .getByRole('button', { name: `edit ${VS}` })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: `Edit ${VS}` });
  await expect(
    dialog.getByRole('textbox', { name: `YAML of ${VS}` }),
  ).toContainText('kind: VirtualService');
  return dialog;
}

/** CodeMirror draws one `.cm-line` per line; a small object is drawn whole. */
async function editorText(dialog: Locator): Promise<string> {
  const lines = await dialog.locator('.cm-content .cm-line').allInnerTexts();
  return `${lines.map(l => l.replace(/\n$/, '')).join('\n')}\n`;
}

/** Replaces the whole text the way a paste does: no auto-indent of typed newlines. */
async function setEditorText(page: Page, dialog: Locator, text: string) {
  await dialog.getByRole('textbox', { name: `YAML of ${VS}` }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** The reviews route's subset, and another one to move it to. */
function subsets(yaml: string): { current: string; target: string } {
  const current = /\bsubset:\s*(v\d)/.exec(yaml)?.[1];
  if (!current)
    throw new Error(`no subset in the reviews VirtualService:\n${yaml}`);
  return { current, target: current === 'v3' ? 'v2' : 'v3' };
}

const withSubset = (yaml: string, subset: string) =>
  yaml.replace(/\bsubset:\s*v\d/, `subset: ${subset}`);

/** Previews the editor's text and returns the review dialog. */
async function preview(
  page: Page,
  dialog: Locator,
  description: string,
): Promise<Locator> {
  await dialog.getByLabel('Why (kept in the history)').fill(description);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const review = page.getByRole('dialog', { name: 'Review change' });
  await expect(review.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  return review;
}

async function applyReview(page: Page, review: Locator) {
  await expect(review.getByRole('button', { name: 'Apply' })).toBeEnabled();
  await review.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** Reopens the editor to read what the cluster now has. */
async function liveSubset(page: Page): Promise<string> {
  const dialog = await openEditor(page);
  const { current } = subsets(await editorText(dialog));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  return current;
}

function historyRow(page: Page, description: string): Locator {
  return page
    .getByRole('table', { name: 'change history' })
    .getByRole('row')
    .filter({ hasText: description });
}

async function revert(page: Page, description: string) {
  const row = historyRow(page, description);
  await row.getByRole('button', { name: /^revert change / }).click();
  const review = page.getByRole('dialog', {
    name: /^Review revert of change /,
  });
  await expect(review.getByTestId('dry-run-result')).toContainText(
    'Dry run passed',
  );
  return review;
}

test('edit the reviews VirtualService: a typo is marked before preview, then preview, apply, history and revert', async ({
  page,
}) => {
  const previews: Request[] = [];
  page.on('request', r => {
    if (r.method() === 'POST' && r.url().includes('/api/mesh/changes/preview'))
      previews.push(r);
  });
  const description = `e2e: reviews to one subset ${Date.now()}`;

  await signInAsGuest(page);
  await openMeshTabFromCatalog(page);
  const dialog = await openEditor(page);
  const original = await editorText(dialog);
  const { current, target } = subsets(original);

  // A misspelt key: marked in the editor by the browser's own validation, and Preview stays disabled.
  await setEditorText(page, dialog, original.replace(/\bsubset:/, 'subsett:'));
  await expect(dialog.locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(dialog.locator('.cm-lint-marker-error').first()).toBeVisible();
  await expect(dialog.getByTestId('yaml-problems')).toContainText(
    'unknown field "subsett"',
  );
  await expect(dialog.getByTestId('preview-blocked-reason')).toContainText(
    'marked in the editor',
  );
  await expect(dialog.getByRole('button', { name: 'Preview' })).toBeDisabled();
  await page.screenshot({
    path: `${SHOTS}/mesh-write-typo.png`,
    fullPage: true,
  });
  expect(previews).toHaveLength(0);

  // Fixed, and all traffic moved to another subset.
  await setEditorText(page, dialog, withSubset(original, target));
  await expect(dialog.locator('.cm-lintRange-error')).toHaveCount(0);
  const review = await preview(page, dialog, description);
  expect(previews).toHaveLength(1);
  const diff = review.getByRole('table', { name: `diff of ${VS}` });
  await expect(
    diff
      .locator('[data-diff-line="delete"]')
      .filter({ hasText: `subset: ${current}` }),
  ).toHaveCount(1);
  await expect(
    diff
      .locator('[data-diff-line="insert"]')
      .filter({ hasText: `subset: ${target}` }),
  ).toHaveCount(1);
  await page.screenshot({
    path: `${SHOTS}/mesh-write-review.png`,
    fullPage: true,
  });
  await applyReview(page, review);

  // The tab shows the change: the live object and the history.
  expect(await liveSubset(page)).toBe(target);
  const row = historyRow(page, description);
  await expect(row).toContainText('applied');
  await expect(row).toContainText(VS);
  await row.getByRole('button', { name: /^show diff of change / }).click();
  await expect(
    page
      .getByRole('table', { name: `diff of ${VS}` })
      .locator('[data-diff-line="insert"]')
      .filter({ hasText: `subset: ${target}` })
      .first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/mesh-write-history.png`,
    fullPage: true,
  });

  // Revert is a new preview, reviewed and applied like any change.
  const revertReview = await revert(page, description);
  await expect(
    revertReview
      .getByRole('table', { name: `diff of ${VS}` })
      .locator('[data-diff-line="insert"]')
      .filter({ hasText: `subset: ${current}` }),
  ).toHaveCount(1);
  await applyReview(page, revertReview);
  expect(await liveSubset(page)).toBe(current);
});

async function reviewerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsGuest(page);
  await openMeshTab(page);
  return page;
}

test('a reviewer whose preview went stale gets the conflict on Apply, not a lost update', async ({
  browser,
}) => {
  // Two browser contexts sign in and load the editor each: on a busy 2-core machine that alone
  // can take a minute.
  test.setTimeout(300_000);
  const first = await reviewerPage(browser);
  const second = await reviewerPage(browser);
  const stamp = Date.now();

  try {
    const firstEditor = await openEditor(first);
    const original = await editorText(firstEditor);
    const { current, target } = subsets(original);
    await setEditorText(first, firstEditor, withSubset(original, target));
    const firstReview = await preview(
      first,
      firstEditor,
      `e2e: first reviewer ${stamp}`,
    );

    // The second reviewer previews a different change against the same live object…
    const secondEditor = await openEditor(second);
    await setEditorText(
      second,
      secondEditor,
      withSubset(
        await editorText(secondEditor),
        current === 'v1' ? 'v2' : 'v1',
      ),
    );
    const secondReview = await preview(
      second,
      secondEditor,
      `e2e: second reviewer ${stamp}`,
    );

    // …then the first applies, so the second's preview no longer describes the cluster.
    await applyReview(first, firstReview);
    await secondReview.getByRole('button', { name: 'Apply' }).click();
    const conflict = secondReview.getByTestId('apply-conflict');
    await expect(conflict).toContainText('Changed since the preview');
    await expect(
      secondReview.getByRole('button', { name: 'Apply' }),
    ).toBeDisabled();
    await expect(
      conflict.getByRole('button', { name: 'Preview again' }),
    ).toBeVisible();
    await second.screenshot({
      path: `${SHOTS}/mesh-write-conflict.png`,
      fullPage: true,
    });
    expect(await liveSubset(first)).toBe(target);

    // Put the VirtualService back for the next run.
    await applyReview(
      first,
      await revert(first, `e2e: first reviewer ${stamp}`),
    );
    expect(await liveSubset(first)).toBe(current);
  } finally {
    await first.context().close();
    await second.context().close();
  }
});
