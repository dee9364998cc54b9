import { expect, test, type Page } from '@playwright/test';
import { answerStepWithKeyboard, e2eEmail, expectNoSeriousA11yViolations, landingOrgId, loginViaApi } from './fixtures';

/**
 * Issue 15, the organizational check end to end in the browser (agency D, used by this spec
 * alone): a director opens a cycle with the check; a staff member answers every step with the
 * keyboard, the organizational step included ("Don't know" on one statement); five more
 * staff check in through the JSON API; the director closes the cycle and sees the pillar
 * profile with Management & Supervision weakest, the pillar columns of the team heatmap, and
 * a recommendation aimed at it. A second cycle with the check follows (the same six staff,
 * Management & Supervision higher): the director sees its within-person change among the
 * six who answered both checks, in the summary, the profile and the heatmap. axe clean at
 * 1280 and 390 px.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Staff member i's organizational answers: Management & Supervision (items 4–6) low, 1–2, at
 * the first check and 3–4 at the second (`later`); every other statement 4–5; varied by
 * person so no group gives identical scores.
 */
function orgAnswers(i: number, later = false): Record<string, number> {
  return Object.fromEntries(Array.from({ length: 15 }, (_, k) => {
    const id = k + 1;
    return [String(id), id >= 4 && id <= 6 ? (later ? 3 : 1) + ((i + id) % 2) : 4 + ((i + id) % 2)];
  }));
}

function answersFor(i: number, later = false) {
  return {
    proqol: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [String(k + 1), ((i + k) % 5) + 1])),
    vr: Object.fromEntries(Array.from({ length: 7 }, (_, k) => [String(k + 1), (i + k) % 6])),
    selfCare: null,
    orgCheck: orgAnswers(i, later),
    profile: null,
  };
}

async function closeNow(page: Page, orgId: string) {
  await page.goto(`/orgs/${orgId}/cycles`);
  await page.getByRole('button', { name: 'Close now and publish results' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close and publish' }).click();
  await expect(page.getByText(/No cycle is open\./)).toBeVisible();
}

async function axeAtBothWidths(page: Page) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await expectNoSeriousA11yViolations(page);
  }
  await page.setViewportSize(DESKTOP);
}

test('a cycle with the organizational check runs end to end: keyboard answers, pillar profile, a recommendation for the weak pillar', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await loginViaApi(page, e2eEmail('d', 'director'));
  const orgId = await landingOrgId(page);

  // Open a one-off cycle with the check (ticked by default: twice a year, and never asked yet).
  await page.goto(`/orgs/${orgId}/cycles`);
  const open = page.locator('form', { has: page.getByRole('button', { name: 'Open a check-in cycle now' }) });
  await expect(open.getByLabel('Include the organizational check')).toBeChecked();
  await open.getByLabel('Ask about self-care practices').uncheck();
  await open.getByRole('button', { name: 'Open a check-in cycle now' }).click();
  await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();

  // Staff 1: the whole check-in by keyboard.
  const ctx1 = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: DESKTOP });
  const staff = await ctx1.newPage();
  await loginViaApi(staff, e2eEmail('d', 'staff', 1));
  await staff.goto(`/orgs/${orgId}/checkin`);
  await expect(staff.getByRole('heading', { name: 'Your check-in', level: 1 })).toBeVisible();
  let sawOrgStep = false;
  for (let guard = 0; guard < 12; guard++) {
    const label = await staff.getByText(/^Step \d+ of \d+$/).textContent();
    const [, cur, total] = label!.match(/Step (\d+) of (\d+)/)!;
    if (cur === total) break;
    const heading = (await staff.locator('#checkin-step-heading').textContent()) ?? '';
    if (heading.startsWith('About the agency')) {
      if (!sawOrgStep) {
        await expect(staff.getByText(/not the validated VT-ORG/).first()).toBeVisible();
        await axeAtBothWidths(staff);
      }
      sawOrgStep = true;
      // Management & Supervision (4–6): "1 Strongly disagree" (Space only); item 12: "Don't know"
      // (ArrowLeft from the first option wraps to the last); every other statement "4 Agree".
      await answerStepWithKeyboard(staff, (name) => {
        const id = Number(name.split('-')[1]);
        return id >= 4 && id <= 6 ? 0 : id === 12 ? -1 : 3;
      });
    } else {
      await answerStepWithKeyboard(staff);
    }
    await staff.keyboard.press('Enter');
    await expect(staff.getByText(new RegExp(`^Step ${Number(cur) + 1} of ${total}$`))).toBeVisible();
  }
  expect(sawOrgStep, 'the check-in has an organizational step').toBe(true);
  await answerStepWithKeyboard(staff);
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('heading', { name: 'Your results', level: 1 })).toBeVisible({ timeout: 20_000 });
  const cycleId = staff.url().match(/\/me\/cycles\/([0-9a-f-]{36})/)![1]!;
  // Own answers; the agency's means only if the agency lets staff see agency results (off by default).
  const mine = staff.getByRole('region', { name: 'Your pillar scores' });
  await expect(mine.getByRole('row', { name: /Management & Supervision/ })).toContainText('1.00');
  await expect(mine.getByRole('row', { name: /Training & Professional Development/ })).toContainText('4.00');
  await expect(staff.getByText(/chosen not to show agency-wide results to staff/)).toBeVisible();
  await expect(staff.getByRole('columnheader', { name: 'Agency average' })).toHaveCount(0);
  await ctx1.close();

  // Five more staff through the JSON API (the same server path as the form).
  for (const i of [2, 3, 4, 5, 6]) {
    const ctx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const other = await ctx.newPage();
    await loginViaApi(other, e2eEmail('d', 'staff', i));
    const res = await other.request.post(`/api/v1/orgs/${orgId}/checkins`, { data: { cycleId, answers: answersFor(i) } });
    expect(res.status(), `check-in of staff ${i}`).toBe(201);
    await ctx.close();
  }

  // Close and publish.
  await closeNow(page, orgId);

  // The pillar profile: Management & Supervision lowest, in the summary and the agency table.
  await page.goto(`/orgs/${orgId}/dashboard`);
  await expect(page.getByRole('heading', { name: /Organizational pillars/ })).toBeVisible();
  await expect(page.getByText(/Management & Supervision \(mean [\d.]+ of 5, 95% CI .*\) lowest/)).toBeVisible();
  const profile = page.getByRole('region', { name: 'Pillar profile, whole agency' });
  await expect(profile.getByRole('row', { name: /Management & Supervision/ })).toContainText(/1\.\d \(95% CI/);
  // The pillars are columns of the team heatmap, with a legend naming what they are.
  const heatmap = page.getByRole('table', { name: /Mean score per group and measure/ });
  await expect(heatmap.getByRole('columnheader', { name: /Management & Supervision/ })).toBeVisible();
  await expect(heatmap.getByRole('row', { name: /Delta team/ })).toContainText(/1\.\d of 5, staff lean towards disagree/);
  await expect(page.getByText(/Pillar columns \(Leadership & Mission.*\) are 1–5 agreement means .* Sustain's brief organizational check .*not the validated VT-ORG/)).toBeVisible();
  await axeAtBothWidths(page);

  // A recommendation aimed at the weak pillar, first in the list.
  await page.goto(`/orgs/${orgId}/drivers`);
  // Its one line names the pillar: as the reason itself, or as a "Pillar:" line when the reason is another finding.
  const first = page.getByRole('region', { name: 'Recommendations' }).getByRole('listitem').first();
  await expect(first).toContainText(/staff rate Management & Supervision [\d.]+ of 5 .*the lowest of the five pillars|Targets Management & Supervision, the agency's weakest pillar/);
  await axeAtBothWidths(page);

  // A second cycle with the check (not due yet twice a year, so ticked by hand): the same six
  // staff answer again with Management & Supervision two points higher.
  await page.goto(`/orgs/${orgId}/cycles`);
  const again = page.locator('form', { has: page.getByRole('button', { name: 'Open a check-in cycle now' }) });
  await again.getByLabel('Include the organizational check').check();
  await again.getByLabel('Ask about self-care practices').uncheck();
  await again.getByRole('button', { name: 'Open a check-in cycle now' }).click();
  await expect(page.getByRole('button', { name: 'Close now and publish results' })).toBeVisible();
  // The open cycle's id, from the close form's hidden field (the API needs it).
  const secondCycleId = await page.locator('input[name="cycleId"]').first().getAttribute('value');
  expect(secondCycleId).toMatch(/^[0-9a-f-]{36}$/);
  for (const i of [1, 2, 3, 4, 5, 6]) {
    const ctx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const other = await ctx.newPage();
    await loginViaApi(other, e2eEmail('d', 'staff', i));
    const res = await other.request.post(`/api/v1/orgs/${orgId}/checkins`, { data: { cycleId: secondCycleId, answers: answersFor(i, true) } });
    expect(res.status(), `second check-in of staff ${i}`).toBe(201);
    await ctx.close();
  }
  await closeNow(page, orgId);

  // The director sees the weak pillar's within-person change among the six who answered both checks.
  await page.goto(`/orgs/${orgId}/dashboard`);
  await expect(page.getByText(/^Management & Supervision rose [\d.]+ points of 5 among the 6 people who answered both checks \(95% CI .*\), q [<=] .*: a clear change/)).toBeVisible();
  const profile2 = page.getByRole('region', { name: 'Pillar profile, whole agency' });
  await expect(profile2.getByRole('row', { name: /Management & Supervision/ })).toContainText(/among the 6 people who answered both checks .*clear rise/);
  await expect(page.getByRole('table', { name: /Mean score per group and measure/ }).getByRole('row', { name: /Delta team/ })).toContainText(
    /Up [\d.]+ since the previous check among the 6 who answered both/,
  );
  await axeAtBothWidths(page);
});
