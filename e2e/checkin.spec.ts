import { expect, test } from '@playwright/test';
import { answerStepWithKeyboard, e2eEmail, expectNoSeriousA11yViolations, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.describe('the staff check-in', () => {
  let orgId = '';
  let cycleId = '';

  test('a director opens a cycle; staff see participation-only dashboards meanwhile', async ({ page }) => {
    await loginViaApi(page, e2eEmail('a', 'director'));
    orgId = await landingOrgId(page);
    await page.goto(`/orgs/${orgId}/cycles`);
    const open = page.getByRole('button', { name: 'Open a check-in cycle now' });
    if (await open.isVisible()) {
      await page.getByLabel('Stays open (days)').first().fill('14');
      await open.click();
      await expect(page.getByText(/^Open from .* until .*\. 0 of 6 people have checked in/)).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('a staff member completes the whole check-in with the keyboard only, surviving a reload', async ({ page }) => {
    await loginViaApi(page, e2eEmail('a', 'staff', 1));
    await page.goto(`/orgs/${orgId}/checkin`);
    await expect(page.getByRole('heading', { name: 'Your check-in', level: 1 })).toBeVisible();
    await expect(page.getByText(/B\. Hudnall Stamm/).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // Step 1: ProQOL items 1–10, then Enter on "Next".
    expect(await answerStepWithKeyboard(page)).toBe(10);
    await page.keyboard.press('Enter');
    await expect(page.getByText(/^Step 2 of \d+$/)).toBeVisible();

    // Reload midway: answers and the step come back from this browser.
    await page.reload();
    await expect(page.getByText(/^Step 2 of \d+$/)).toBeVisible();
    await expect(page.getByText('We brought back the answers you saved on this device.')).toBeVisible();

    // Answer every remaining step by keyboard until the review step.
    for (let guard = 0; guard < 10; guard++) {
      const label = await page.getByText(/^Step \d+ of \d+$/).textContent();
      const [, cur, total] = label!.match(/Step (\d+) of (\d+)/)!;
      if (cur === total) break;
      await answerStepWithKeyboard(page);
      await page.keyboard.press('Enter');
      await expect(page.getByText(new RegExp(`^Step ${Number(cur) + 1} of ${total}$`))).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Submit check-in' })).toBeVisible();
    // Tab to "Submit check-in" on the review step and press Enter.
    await answerStepWithKeyboard(page);
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { name: 'Your results', level: 1 })).toBeVisible({ timeout: 20_000 });
    cycleId = page.url().match(/\/me\/cycles\/([0-9a-f-]{36})/)![1]!;
    // Every ProQOL answer was 3 ("Sometimes"): CS = 30; BO has 5 reversed items: 5×3 + 5×(6−3) = 30; STS = 30.
    await expect(page.getByText('Compassion satisfaction').first()).toBeVisible();
    await expect(page.getByText('30', { exact: true }).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // History page charts it, with a table alternative.
    await page.goto(`/orgs/${orgId}/me`);
    await expect(page.getByRole('heading', { name: 'Your results over time' })).toBeVisible();
  });

  test('a double submit is refused and counts once', async ({ browser }) => {
    const context = await browser.newContext();
    const tab1 = await context.newPage();
    await loginViaApi(tab1, e2eEmail('a', 'staff', 2));
    const tab2 = await context.newPage();
    for (const tab of [tab1, tab2]) await tab.goto(`/orgs/${orgId}/checkin`);
    // Fill in tab 1 (mouse is fine here; keyboard use is covered above).
    for (let guard = 0; guard < 10; guard++) {
      if (await tab1.getByRole('button', { name: 'Submit check-in' }).isVisible()) break;
      for (const group of await tab1.locator('fieldset').all()) {
        const radios = group.getByRole('radio');
        const count = await radios.count();
        if (count) await radios.nth(Math.min(3, count - 1)).check();
      }
      await tab1.getByRole('button', { name: /^Next/ }).click();
      const cont = tab1.getByRole('button', { name: 'Continue' });
      if (await cont.isVisible().catch(() => false)) await cont.click();
    }
    // Tab 2 sees the same draft (same browser) and goes to review.
    await tab2.reload();
    for (let guard = 0; guard < 10; guard++) {
      if (await tab2.getByRole('button', { name: 'Submit check-in' }).isVisible()) break;
      await tab2.getByRole('button', { name: /^Next/ }).click();
      const cont = tab2.getByRole('button', { name: 'Continue' });
      if (await cont.isVisible().catch(() => false)) await cont.click();
    }
    await tab1.getByRole('button', { name: 'Submit check-in' }).click();
    await expect(tab1.getByRole('heading', { name: 'Your results', level: 1 })).toBeVisible({ timeout: 20_000 });
    await tab2.getByRole('button', { name: 'Submit check-in' }).click();
    await expect(tab2.locator('form').getByRole('alert')).toContainText('You have already checked in for this cycle');
    await tab1.goto(`/orgs/${orgId}/checkin`);
    await expect(tab1.getByText('You have already checked in for this cycle. Thank you.')).toBeVisible();
    await context.close();
  });

  test("another staff member cannot open someone's results", async ({ page }) => {
    await loginViaApi(page, e2eEmail('a', 'staff', 3));
    await expectNotFound(page, `/orgs/${orgId}/me/cycles/${cycleId}`);
  });

  test('a staff member of agency B gets 404 for agency A check-in pages', async ({ page }) => {
    await loginViaApi(page, e2eEmail('b', 'staff', 1));
    await expectNotFound(page, `/orgs/${orgId}/checkin`);
    await expectNotFound(page, `/orgs/${orgId}/me/cycles/${cycleId}`);
  });

  test('the director sees participation, but no scores and nothing individual', async ({ page }) => {
    await loginViaApi(page, e2eEmail('a', 'director'));
    await page.goto(`/orgs/${orgId}/dashboard`);
    await expect(page.getByRole('heading', { name: /Check-in open until/ })).toBeVisible();
    const row = page.getByRole('row', { name: /Alpha team/ });
    await expect(row).toContainText('2');
    await expect(row).toContainText('6');
    await expect(page.getByText('No closed cycles yet. Results appear when the first cycle closes.')).toBeVisible();
    // No score, no names of who checked in.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Compassion satisfaction\s*\d/);
    expect(text).not.toContain('A staff 1');
    await expectNoSeriousA11yViolations(page);
  });
});
