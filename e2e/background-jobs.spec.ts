import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed/demo';
import { expectNoSeriousA11yViolations, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

/**
 * Issue 13 (and "Remind now" from issue 14), on the demo agency: the admin's time zone and
 * retention settings, the Background jobs panel (admins only, counts without people), and
 * "Remind now" on the open cycle answering with counts, never names.
 */
const DEMO_PASSWORD = 'sustain-demo-2026';

test('an admin sets the time zone and retention; the Background jobs panel shows counts only; directors are refused it', async ({ page, browser }) => {
  await loginViaApi(page, DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD);
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/admin/settings`);
  await page.getByLabel('Keep the mail log and outbox (days)').fill('3');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Keep the mail log at least 7 days.')).toBeVisible();
  await page.getByLabel('Agency time zone').selectOption('America/Chicago');
  await page.getByLabel('Keep the audit log (days)').fill('500');
  await page.getByLabel('Keep the mail log and outbox (days)').fill('60');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.reload();
  await expect(page.getByLabel('Agency time zone')).toHaveValue('America/Chicago');
  await expect(page.getByLabel('Keep the audit log (days)')).toHaveValue('500');
  await expect(page.getByLabel('Keep the mail log and outbox (days)')).toHaveValue('60');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('link', { name: 'Background jobs' }).click();
  await expect(page.getByRole('heading', { name: 'Background jobs', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Last error' })).toBeVisible();
  const text = await page.locator('main').innerText();
  expect(text).not.toContain('@');
  expect(text).not.toContain(DEMO_ACCOUNTS.staff.name);
  await expectNoSeriousA11yViolations(page);

  const director = await browser.newPage();
  await loginViaApi(director, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
  await expectNotFound(director, `/orgs/${orgId}/admin/jobs`);
  await director.close();
});

test('a program director presses "Remind now": the answer is a count, never a name, and a second press reminds nobody again', async ({ page, browser }) => {
  await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/cycles`);
  const remind = page.getByRole('button', { name: 'Remind now' });
  await remind.click();
  const status = page.locator('form', { has: remind }).locator('.alert');
  await expect(status).toHaveText(/Reminders queued for \d+ (person|people)\.|No new reminders|No reminders needed/);
  await remind.click();
  await expect(status).toHaveText(/^(No new reminders: everyone who has not checked in was already reminded for this cycle \(\d+ (person|people)\)\.|No reminders needed: everyone has checked in\.)$/);
  expect(await status.innerText()).not.toContain('@');
  await expectNoSeriousA11yViolations(page);

  // Staff cannot remind anyone: the cycles page is not theirs.
  const staff = await browser.newPage();
  await loginViaApi(staff, DEMO_ACCOUNTS.staff.email, DEMO_PASSWORD);
  await expectNotFound(staff, `/orgs/${orgId}/cycles`);
  await staff.close();
});
