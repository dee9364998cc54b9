import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed/demo';
import { e2eEmail, expectNoSeriousA11yViolations, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

const DEMO_PASSWORD = 'sustain-demo-2026';

test('a director reads the drivers, adds a recommendation to the plan, and sees its marker on the trend', async ({ page }) => {
  await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
  const orgId = await landingOrgId(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drivers' }).click();
  await expect(page.getByRole('heading', { name: 'Drivers and recommendations', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What stands out', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Burnout', level: 2 })).toBeVisible();
  // The demo's planted trauma-history effect on burnout is a clear finding, in plain words with its uncertainty.
  await expect(page.getByText(/points lower on burnout on average \(95% CI: between \d+\.\d and \d+\.\d points lower/).first()).toBeVisible();
  // The "association, not cause" note appears once.
  await expect(page.getByText('This is an association in your agency, not proof of cause.')).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);

  // Add the top recommendation to the action plan, starting at the start of this month.
  const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) }).first();
  const title = (await first.getByRole('heading', { level: 3 }).innerText()).trim();
  await first.getByText(`Add "${title}" to the action plan`).click();
  const start = `${new Date().toISOString().slice(0, 8)}01`;
  await first.getByLabel('Starts').fill(start);
  await first.getByLabel('Measure it aims to move').selectOption('bo');
  await first.getByRole('button', { name: 'Add to action plan' }).click();
  await expect(page.getByText(`Added "${title}" to the action plan.`)).toBeVisible();

  await page.goto(`/orgs/${orgId}/actions`);
  await expect(page.getByRole('heading', { name: title, level: 3 }).first()).toBeVisible();
  await expect(page.getByText('Did it help?').first()).toBeVisible();
  await page.getByRole('link', { name: 'by status' }).click();
  await expect(page.getByRole('heading', { name: /^Planned \(\d+\)$/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The marker appears with the burnout trend (listed in its table alternative).
  await page.goto(`/orgs/${orgId}/dashboard`);
  await page.getByText('Show "Burnout (10–50)" as a table').click();
  const details = page.locator('details').filter({ hasText: 'Show "Burnout (10–50)" as a table' });
  await expect(details).toContainText(title);
});

test('drivers and actions are refused to staff and to other agencies', async ({ browser }) => {
  const demo = await browser.newContext();
  const p = await demo.newPage();
  await loginViaApi(p, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
  const demoOrg = await landingOrgId(p);
  await demo.close();

  const other = await browser.newContext();
  const q = await other.newPage();
  await loginViaApi(q, e2eEmail('b', 'director'));
  await expectNotFound(q, `/orgs/${demoOrg}/drivers`);
  await expectNotFound(q, `/orgs/${demoOrg}/actions`);
  expect((await q.request.get(`/api/v1/orgs/${demoOrg}/drivers`)).status()).toBe(404);
  await other.close();
});
