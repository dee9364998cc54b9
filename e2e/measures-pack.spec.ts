import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { checkInViaApi, closeCycleNow, e2eEmail, landingOrgId, loginViaApi } from './fixtures';

/**
 * Issue 14, one home for measures: with a VR instrument pack installed and used by a cycle,
 * every view shows the pack's range and cut points, not the brief check's 0–35 / 11 / 24.
 * The example pack's headline subscale "recovery" (lib/instruments/examples/example-pack.json)
 * runs 3–15 with low ≤ 7 and high ≥ 12. Agency C is used by this spec alone.
 */
const examplePack = fs.readFileSync(path.join(process.cwd(), 'lib/instruments/examples/example-pack.json'), 'utf8');
const STAFF = [1, 2, 3, 4, 5, 6];

/** The open cycle's id, read from a staff member's check-in page props. */
async function openCycleId(page: Page, orgId: string): Promise<string> {
  await page.goto(`/orgs/${orgId}/checkin`);
  const html = await page.content();
  const id = html.match(/cycleId\\?"\s*:\s*\\?"([0-9a-f-]{36})/)?.[1];
  expect(id, 'the check-in page carries the open cycle id').toBeTruthy();
  return id!;
}

/** Staff member i's answers on the built-in brief VR check (7 items, 0–5): VR = 7 × min(i, 5), on 0–35. */
function briefAnswersFor(i: number) {
  const { proqol, selfCare } = answersFor(i);
  const vr = Object.fromEntries(Array.from({ length: 7 }, (_, k) => [String(k + 1), Math.min(i, 5)]));
  return { proqol, vr, selfCare, profile: null };
}

/**
 * Staff member i's answers: ProQOL items vary by person (a group with identical scores would
 * be hidden); the pack's recovery subscale = item1 + item2 + (6 − item3) = min(i, 5) + 5 + 4,
 * so 10, 11, 12, 13, 14, 14: mean 12.3, HIGH by the pack's cut points (≥ 12) where the brief
 * check's (low ≤ 11, high ≥ 24) would call it moderate.
 */
function answersFor(i: number) {
  const proqol = Object.fromEntries(Array.from({ length: 30 }, (_, k) => [String(k + 1), ((i + k) % 5) + 1]));
  const vr = { '1': Math.min(i, 5), '2': 5, '3': 2, '4': 3, '5': 3, '6': 3 };
  const selfCare = Object.fromEntries(Array.from({ length: 12 }, (_, k) => [String(k + 1), (i + k) % 5]));
  return { proqol, vr, selfCare, profile: null };
}

test('a VR pack used by a cycle sets the range and cut points of every view (staff results, dashboard, trend, heatmap)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await loginViaApi(page, e2eEmail('c', 'admin'));
  const orgId = await landingOrgId(page);

  // First a cycle on the built-in brief check, so the staff history holds a switch of VR instrument.
  await page.goto(`/orgs/${orgId}/cycles`);
  await page.getByRole('button', { name: 'Open a check-in cycle now' }).click();
  await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();
  const briefCtx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const briefStaff = await briefCtx.newPage();
  await loginViaApi(briefStaff, e2eEmail('c', 'staff', 1));
  const briefCycleId = await openCycleId(briefStaff, orgId);
  await briefCtx.close();
  for (const i of STAFF) await checkInViaApi(browser, orgId, e2eEmail('c', 'staff', i), briefCycleId, briefAnswersFor(i));
  await closeCycleNow(page, orgId);

  await page.goto(`/orgs/${orgId}/admin/instruments`);
  await page.getByLabel('Instrument pack (JSON file)').setInputFiles({ name: 'example-pack.json', mimeType: 'application/json', buffer: Buffer.from(examplePack) });
  await page.getByRole('button', { name: 'Install pack' }).click();
  await expect(page.getByText(/Installed "Example Resilience Pack/)).toBeVisible();

  // Open a cycle with the pack as its VR measure.
  await page.goto(`/orgs/${orgId}/cycles`);
  const open = page.locator('form', { has: page.getByRole('button', { name: 'Open a check-in cycle now' }) });
  const vr = open.getByLabel('Vicarious-resilience measure');
  const packValue = await vr.locator('option', { hasText: 'Example Resilience Pack' }).getAttribute('value');
  await vr.selectOption(packValue!);
  await open.getByRole('button', { name: 'Open a check-in cycle now' }).click();
  await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();

  // Six staff check in through the JSON API (the same path as the check-in page).
  const ctx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const staff = await ctx.newPage();
  await loginViaApi(staff, e2eEmail('c', 'staff', 1));
  const cycleId = await openCycleId(staff, orgId);

  // Staff at 1280 px: the self-care choices fit one row (issue 14). Walk the wizard to that step.
  await staff.setViewportSize({ width: 1280, height: 900 });
  await staff.goto(`/orgs/${orgId}/checkin`);
  const selfCareHeading = staff.getByRole('heading', { name: /Self-care in the last 30 days/ });
  for (let guard = 0; guard < 8 && !(await selfCareHeading.isVisible()); guard++) {
    await staff.getByRole('button', { name: /^Next/ }).click();
    const cont = staff.getByRole('button', { name: 'Continue' });
    if (await cont.isVisible().catch(() => false)) await cont.click();
  }
  await expect(selfCareHeading).toBeVisible();
  const rows = await staff.locator('fieldset').evaluateAll((sets) =>
    sets
      .map((fs) => [...fs.querySelectorAll('label')].map((l) => Math.round(l.getBoundingClientRect().top)))
      .filter((tops) => tops.length >= 5)
      .map((tops) => new Set(tops).size),
  );
  expect(rows.length, 'self-care questions').toBeGreaterThanOrEqual(12);
  expect(rows.every((n) => n === 1), `each question's choices on one row (rows per question: ${rows.join(', ')})`).toBe(true);
  // The same step at phone width wraps the choices and fits 390 px.
  await staff.setViewportSize({ width: 390, height: 844 });
  expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  for (const i of STAFF) await checkInViaApi(browser, orgId, e2eEmail('c', 'staff', i), cycleId, answersFor(i));

  // The staff member's own results and history: the pack's range, not "0–35".
  await staff.goto(`/orgs/${orgId}/me/cycles/${cycleId}`);
  const mine = staff.getByRole('region', { name: 'Vicarious resilience', exact: true });
  await expect(mine).toContainText('Possible range 3–15');
  await expect(mine).not.toContainText('0–35');
  await staff.goto(`/orgs/${orgId}/me`);
  // The history has a VR chart per instrument, each on its own scale and named; no line joins them.
  await expect(staff.getByText(/changed how it measures vicarious resilience/)).toBeVisible();
  const briefChart = staff.getByRole('region', { name: 'Vicarious resilience: Sustain brief vicarious-resilience check' });
  const packChart = staff.getByRole('region', { name: /^Vicarious resilience: Example Resilience Pack/ });
  await expect(briefChart.getByRole('img')).toHaveAttribute('aria-label', /\(0–35\) at 1 check-in.*Vicarious resilience: 7\./);
  await expect(briefChart).toContainText('Scores run from 0 to 35.');
  await expect(packChart.getByRole('img')).toHaveAttribute('aria-label', /\(3–15\) at 1 check-in.*Vicarious resilience: 10\./);
  await expect(packChart).toContainText('Scores run from 3 to 15. The grid lines at 7 and 12');
  await expect(packChart).not.toContainText('0–35');
  await staff.getByText('Show as a table').click();
  await expect(staff.getByRole('columnheader', { name: 'Vicarious resilience (3–15)' })).toBeVisible();
  await expect(staff.getByRole('columnheader', { name: 'Vicarious resilience (0–35)' })).toBeVisible();
  await ctx.close();

  await closeCycleNow(page, orgId);

  await page.goto(`/orgs/${orgId}/dashboard`);
  // Latest results card: "of 3–15".
  const card = page.getByRole('region', { name: 'Vicarious resilience', exact: true });
  await expect(card).toContainText('of 3–15');
  await expect(card).toContainText('High');
  // Trend chart: its title, axis and cut-point legend are the pack's.
  await expect(page.getByText('Show "Vicarious resilience (3–15)" as a table')).toBeVisible();
  await expect(page.getByText(/low ≤ 7, high ≥ 12/)).toBeVisible();
  await expect(page.getByText(/0–35|low ≤ 11, high ≥ 24/)).toHaveCount(0);
  // Heatmap: the agency's VR mean has its level by the pack's cut points.
  const heatmap = page.getByRole('table').filter({ has: page.getByRole('button', { name: 'Burnout', exact: true }) });
  const agency = heatmap.getByRole('row', { name: /Whole agency/ });
  await expect(agency).toContainText(/12\.3\s*High/);
});
