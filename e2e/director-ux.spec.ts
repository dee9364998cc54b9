import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed/demo';
import { e2eEmail, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

/**
 * Issue 14, part A: what directors and admins use, at desktop and phone width.
 * Specs that change data sign up a fresh agency, so they never disturb the demo or the
 * shared e2e agencies other specs rely on; the demo is only read.
 */
const DEMO_PASSWORD = 'sustain-demo-2026';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** axe with moderate violations too (heading order is "moderate"). */
async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `axe on ${page.url()}`,
  ).toEqual([]);
}

/** No horizontal page scroll: wide tables scroll inside their own box. Names the widest culprits when it fails. */
async function expectNoPageScroll(page: Page) {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const inner = window.innerWidth;
    const clipped = (el: Element | null): boolean => {
      for (let p = el?.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > inner + 1)
      .sort((a, b) => Number(clipped(a)) - Number(clipped(b)))
      .slice(0, 6)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${clipped(el) ? ' (in a scroll box)' : ''} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: inner, culprits: wide };
  });
  expect(scrollWidth, `page width on ${page.url()}: ${culprits.join('; ')}`).toBeLessThanOrEqual(innerWidth);
}

/** A fresh agency with its admin signed in; returns its id. */
async function signUpAgency(page: Page, label: string): Promise<{ orgId: string; adminName: string }> {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const adminName = `Morgan ${label}`;
  await page.goto('/signup');
  await page.getByLabel('Agency name').fill(`UX ${label} ${stamp}`);
  await page.getByLabel('Your name').fill(adminName);
  await page.getByLabel('Your work email').fill(`ux-${label.toLowerCase().replace(/\W+/g, '-')}-${stamp}@ux.test`);
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByLabel('Confirm password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create agency' }).click();
  await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
  const orgId = page.url().match(/\/orgs\/([0-9a-f-]{36})/)![1]!;
  return { orgId, adminName };
}

for (const vp of VIEWPORTS) {
  test.describe(`${vp.name} (${vp.width} px)`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test('drivers: "What stands out" first, model tables collapsed with the glossary in place, one causation note, fits the screen', async ({
      page,
    }) => {
      await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
      const orgId = await landingOrgId(page);
      await page.goto(`/orgs/${orgId}/drivers`);
      const h2s = page.locator('main h2');
      await expect(h2s.first()).toHaveText('What stands out');
      const standsOut = page.getByRole('region', { name: 'What stands out' });
      const findings = await standsOut.locator('ul > li').count();
      expect(findings).toBeLessThanOrEqual(5);
      if (findings === 0) await expect(standsOut.getByText('No clear signal yet.')).toBeVisible();
      else await expect(standsOut.locator('ul > li').first()).toContainText(/95% CI: between .* among the \d+ people/);
      await expect(page.getByText('This is an association in your agency, not proof of cause.')).toHaveCount(1);
      // No jargon outside the collapsed details.
      for (const jargon of ['Benjamini', 'Std. β', 'R²']) {
        const visible = await page.getByText(jargon).filter({ visible: true }).count();
        expect(visible, `"${jargon}" visible before opening the details`).toBe(0);
      }
      // No recommendation's "Why" states the same finding twice (the same statistic or sentence).
      for (const why of await page.locator('main li.card p.small', { hasText: 'Why:' }).allInnerTexts()) {
        const sentences = why.replace(/^Why:\s*/, '').split(/(?<=\.)\s+/).filter(Boolean);
        expect(new Set(sentences).size, why).toBe(sentences.length);
        const stats = why.match(/\(95% CI [^)]*\)/g) ?? [];
        expect(new Set(stats).size, why).toBe(stats.length);
      }
      await expectNoPageScroll(page);
      if (vp.name === 'desktop') {
        // About two desktop screens before the collapsed details.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const parts = await page.evaluate(() =>
          [...document.querySelectorAll('main > *')].map((el) => `${el.tagName.toLowerCase()}#${el.id || el.getAttribute('aria-labelledby') || ''}: ${Math.round(el.getBoundingClientRect().height)}`),
        );
        console.log(`[drivers-height] ${height} px: ${parts.join(', ')}`);
        expect(height, 'drivers page height at 1280 px').toBeLessThanOrEqual(2100);
      }
      await expectAxeClean(page);

      // Open one outcome's models: the glossary sits there, and the coefficient plot fits.
      await page.getByText('Show the burnout models').click();
      const details = page.locator('details', { has: page.getByText('Show the burnout models') });
      await details.getByText('What the terms mean').click();
      await expect(details.getByText('Standardized β (std. β)')).toBeVisible();
      await expect(details.getByText('q (family-wide) and FDR')).toBeVisible();
      const canvas = details.locator('canvas').first();
      if (await canvas.count()) {
        const box = await canvas.boundingBox();
        expect(box!.x + box!.width, 'coefficient plot inside the viewport').toBeLessThanOrEqual(vp.width);
      }
      await expectNoPageScroll(page);
    });

    test('safe close: a confirmation dialog shows participation, Escape and "Keep it open" cancel, only confirm closes', async ({ page }) => {
      const { orgId } = await signUpAgency(page, `Close ${vp.name}`);
      await page.goto(`/orgs/${orgId}/cycles`);
      await page.getByRole('button', { name: 'Open a check-in cycle now' }).click();
      const trigger = page.getByRole('button', { name: 'Close now and publish results' });
      await expect(trigger).toBeVisible();

      await trigger.click();
      const dialog = page.getByRole('dialog', { name: 'Close this cycle and publish its results?' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(/\d+ of \d+ (person has|people have) checked in( \(\d+%\))?\./);
      await expect(dialog).toContainText('Results are published once, at close, and cannot be changed afterwards');
      // Focus is inside the modal dialog; the page behind is inert.
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      await expectAxeClean(page);
      await expectNoPageScroll(page);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(trigger).toBeFocused();

      await trigger.click();
      await dialog.getByRole('button', { name: 'Keep it open' }).click();
      await expect(dialog).toBeHidden();
      await page.reload();
      await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();

      await page.getByRole('button', { name: 'Close now and publish results' }).click();
      await dialog.getByRole('button', { name: 'Close and publish' }).click();
      await expect(page.getByText(/No cycle is open\./)).toBeVisible();
      await expect(page.getByRole('cell', { name: /Closed/ }).first()).toBeVisible();
    });

    test('action plan: add with an owner and a due date, edit, drop with a reason, delete with confirmation; "In your plan" and no second copy', async ({
      page,
    }) => {
      const { orgId, adminName } = await signUpAgency(page, `Plan ${vp.name}`);
      await page.goto(`/orgs/${orgId}/actions`);
      const own = page.getByRole('region', { name: 'Add your own action' });
      await own.getByLabel('Action').fill('Monthly peer debrief');
      await own.getByLabel('Rationale').fill('Debriefs lower secondary traumatic stress.\nSecond line with the full reasoning that stays collapsed.');
      await own.getByLabel('Owner (optional)').selectOption({ label: adminName });
      await own.getByLabel('Due (optional)').fill('2027-03-31');
      await own.getByLabel('Tasks (one per line, optional)').fill('Pick a day\nInvite everyone');
      await own.getByRole('button', { name: 'Add to action plan' }).click();
      await expect(page.getByText('Added "Monthly peer debrief" to the action plan.')).toBeVisible();

      const card = page.getByRole('article', { name: 'Monthly peer debrief' });
      await expect(card).toContainText(`owner: ${adminName}`);
      await expect(card).toContainText('due Mar 31, 2027');
      await expect(card.getByText('Debriefs lower secondary traumatic stress.', { exact: true })).toBeVisible();
      await expect(card.locator('p', { hasText: 'Second line with the full reasoning' })).toBeHidden();
      await expectAxeClean(page);
      await expectNoPageScroll(page);

      // Edit.
      await card.locator('summary', { hasText: /^Edit/ }).click();
      await card.getByLabel('Action').fill('Fortnightly peer debrief');
      await card.getByLabel('Priority').selectOption('1');
      await card.getByRole('button', { name: /Save changes/ }).click();
      const edited = page.getByRole('article', { name: 'Fortnightly peer debrief' });
      await expect(edited).toContainText('priority 1');

      // Drop needs a reason.
      await edited.locator('summary', { hasText: /^Drop/ }).click();
      await edited.getByRole('button', { name: /Drop action/ }).click();
      await expect(edited.getByText('Say why the action is dropped, so the team knows later.')).toBeVisible();
      await edited.getByLabel(/Why drop it\?/).fill('The team chose a different format.');
      await edited.getByRole('button', { name: /Drop action/ }).click();
      await expect(edited).toContainText('Dropped because: The team chose a different format.');

      // Delete, behind a confirmation.
      await edited.getByRole('button', { name: /^Delete/ }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete "Fortnightly peer debrief"?' });
      await expect(confirm).toBeVisible();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(edited).toBeVisible();
      await edited.getByRole('button', { name: /^Delete/ }).click();
      await confirm.getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByRole('article', { name: 'Fortnightly peer debrief' })).toHaveCount(0);

      // A recommendation, added from two tabs: the second is refused in words, and the page says "In your plan".
      await page.goto(`/orgs/${orgId}/drivers`);
      const second = await page.context().newPage();
      await second.goto(`/orgs/${orgId}/drivers`);
      const first = page.locator('main ol > li.card').first();
      const title = (await first.getByRole('heading', { level: 3 }).innerText()).trim();
      await first.getByText(`Add "${title}" to the action plan`).click();
      await first.getByRole('button', { name: 'Add to action plan' }).click();
      // The add form gives way to "In your plan" once it is saved, keeping its confirmation.
      await expect(first.getByText(`Added "${title}" to the action plan.`)).toBeVisible();
      await expect(first.getByText('In your plan')).toBeVisible();
      await expect(first.getByText(`Add "${title}" to the action plan`)).toHaveCount(0);
      const stale = second.locator('main ol > li.card').first();
      await stale.getByText(`Add "${title}" to the action plan`).click();
      await stale.getByRole('button', { name: 'Add to action plan' }).click();
      await expect(stale.getByText('This recommendation is already in your action plan.', { exact: false })).toBeVisible();
      await expect(stale.getByText('In your plan')).toBeVisible();
      await second.close();
      await page.goto(`/orgs/${orgId}/actions`);
      await expect(page.getByRole('heading', { name: title, level: 3 })).toHaveCount(1);
    });

    test('teams warn below k, members search and page with numbers in order, instruments download, disable and remove a pack', async ({
      page,
    }) => {
      const { orgId } = await signUpAgency(page, `Admin ${vp.name}`);
      await page.getByLabel('New team name').fill('Outreach');
      await page.getByRole('button', { name: 'Create team' }).click();
      await expect(page.getByText('Team "Outreach" created.')).toBeVisible();
      await expect(page.getByText(/1 team is smaller than the minimum group size \(5\): Outreach \(0\)\./)).toBeVisible();
      await expectAxeClean(page);
      await expectNoPageScroll(page);

      // Instruments: the example pack downloads, installs as it is, can be disabled and, unused, removed.
      await page.goto(`/orgs/${orgId}/admin/instruments`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the example pack' }).click()]);
      expect(download.suggestedFilename()).toBe('sustain-example-pack.json');
      const file = await download.path();
      await page.getByLabel('Instrument pack (JSON file)').setInputFiles(file);
      await page.getByRole('button', { name: 'Install pack' }).click();
      await expect(page.getByText(/Installed "Example Resilience Pack/)).toBeVisible();
      await page.getByRole('button', { name: /^Disable Example Resilience Pack/ }).click();
      await expect(page.getByText('Pack disabled: new cycles cannot use it.')).toBeVisible();
      await expect(page.getByRole('cell', { name: /Disabled/ })).toBeVisible();
      await page.goto(`/orgs/${orgId}/cycles`);
      await expect(page.getByLabel('Vicarious-resilience measure').first().locator('option', { hasText: 'Example Resilience Pack' })).toHaveCount(0);
      await page.goto(`/orgs/${orgId}/admin/instruments`);
      await expectAxeClean(page);
      await expectNoPageScroll(page);
      await page.getByRole('button', { name: /^Remove Example Resilience Pack/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove pack' }).click();
      await expect(page.getByText('No packs installed.')).toBeVisible();

      // Members of the demo (read only): numbers in order, search, pages.
      await loginViaApi(page, DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD);
      const demoOrg = await landingOrgId(page);
      await page.goto(`/orgs/${demoOrg}/admin/members`);
      const names = await page.locator('main tbody th[scope="row"]').allInnerTexts();
      const i2 = names.findIndex((n) => n.startsWith('Demo Staff 2\n') || n.startsWith('Demo Staff 2 '));
      const i10 = names.findIndex((n) => n.startsWith('Demo Staff 10'));
      if (i2 >= 0 && i10 >= 0) expect(i2, 'Demo Staff 2 before Demo Staff 10').toBeLessThan(i10);
      await page.getByLabel('Search by name, email or team').fill('Demo Staff 1');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(page.getByText(/\d+ of \d+ match "Demo Staff 1"\./)).toBeVisible();
      const found = await page.locator('main tbody th[scope="row"]').allInnerTexts();
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) expect(f).toContain('Demo Staff 1');
      await expectAxeClean(page);
      await expectNoPageScroll(page);
    });

    test('team page: latest numbers with CIs, participation, trends, Dashboard highlighted, axe clean', async ({ page }) => {
      await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
      const orgId = await landingOrgId(page);
      await page.goto(`/orgs/${orgId}/dashboard`);
      const href = await page.locator(`main a[href*="/orgs/${orgId}/teams/"]`).first().getAttribute('href');
      await page.goto(href!);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('heading', { name: /^Latest results/, level: 2 })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Participation in the latest cycle', level: 2 })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Trends over cycles', level: 2 })).toBeVisible();
      await expect(page.getByText(/95% CI .* · n = \d+|Hidden:/).first()).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
      await expectAxeClean(page);
      await expectNoPageScroll(page);
    });
  });
}

test('refusals: staff and another agency get 404 for the example pack, a team page and the plan', async ({ browser }) => {
  const demo = await browser.newContext();
  const d = await demo.newPage();
  await loginViaApi(d, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
  const demoOrg = await landingOrgId(d);
  await d.goto(`/orgs/${demoOrg}/dashboard`);
  const teamHref = (await d.locator(`main a[href*="/orgs/${demoOrg}/teams/"]`).first().getAttribute('href'))!;
  // A director is not an admin: no example-pack download.
  expect((await d.request.get(`/orgs/${demoOrg}/admin/instruments/example-pack`)).status()).toBe(404);
  await demo.close();

  const staff = await browser.newContext();
  const s = await staff.newPage();
  await loginViaApi(s, DEMO_ACCOUNTS.staff.email, DEMO_PASSWORD);
  await expectNotFound(s, teamHref);
  await expectNotFound(s, `/orgs/${demoOrg}/actions`);
  await staff.close();

  const other = await browser.newContext();
  const o = await other.newPage();
  await loginViaApi(o, e2eEmail('b', 'admin'));
  expect((await o.request.get(`/orgs/${demoOrg}/admin/instruments/example-pack`)).status()).toBe(404);
  await expectNotFound(o, teamHref);
  await expectNotFound(o, `/orgs/${demoOrg}/admin/members`);
  await other.close();
});
