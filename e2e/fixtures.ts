import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { E2E_PASSWORD, e2eEmail } from '../db/seed/e2e';

export { E2E_PASSWORD, e2eEmail };

/**
 * Signs in through next-auth's API (CSRF token + credentials callback) rather than the form,
 * so only the one test that covers the form pays for it. Cookies land in the page's context.
 */
export async function loginViaApi(page: Page, email: string, password = E2E_PASSWORD): Promise<void> {
  const request: APIRequestContext = page.request;
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { email, password, csrfToken, json: 'true', callbackUrl: '/orgs' },
    headers: { 'X-Auth-Return-Redirect': '1' },
  });
  expect(res.status(), `sign-in for ${email}`).toBe(200);
  const body = (await res.json()) as { url: string };
  expect(body.url, `sign-in for ${email} should not return an error`).not.toContain('error=');
}

/** The org id the user lands in after sign-in (first agency). */
export async function landingOrgId(page: Page): Promise<string> {
  await page.goto('/orgs');
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}/);
  return page.url().match(/\/orgs\/([0-9a-f-]{36})/)![1]!;
}

/** axe scan; fails on serious or critical violations and names them. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `axe violations on ${page.url()}`,
  ).toEqual([]);
}

/** The page shows Next's not-found UI and the response was a 404. */
export async function expectNotFound(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), `${url} should be 404`).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
}

/**
 * Answers every radio group on the current step with the keyboard only: Tab into a group,
 * Space picks the first option, ArrowRight moves (and selects) along the scale. Stops at
 * the step's primary button, which it leaves focused.
 */
export async function answerStepWithKeyboard(
  page: Page,
  steps: number | ((groupName: string) => number) = 2,
  maxTabs = 200,
) {
  const answered = new Set<string>();
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
      if (!el) return { kind: 'none' };
      if (el instanceof HTMLInputElement && el.type === 'radio') return { kind: 'radio', name: el.name, checked: el.checked };
      if (el instanceof HTMLButtonElement) return { kind: 'button', text: el.textContent?.trim() ?? '' };
      return { kind: el.tagName.toLowerCase() };
    });
    if (focused.kind === 'radio' && 'name' in focused && !answered.has(focused.name!)) {
      if (!focused.checked) {
        await page.keyboard.press('Space');
        // A negative count moves left: from the first option that wraps to the last ("Don't know" where offered).
        const n = typeof steps === 'number' ? steps : steps(focused.name!);
        for (let s = 0; s < Math.abs(n); s++) await page.keyboard.press(n < 0 ? 'ArrowLeft' : 'ArrowRight');
      }
      answered.add(focused.name!);
    }
    if (focused.kind === 'button' && 'text' in focused && /^(Next|Next: review|Submit check-in)$/.test(focused.text!)) return answered.size;
  }
  throw new Error('answerStepWithKeyboard: never reached the step button');
}

/**
 * One staff member's check-in through the JSON API (the same server path as the check-in
 * page), in a fresh browser context signed in as `email`. Expects 201.
 */
export async function checkInViaApi(
  browser: Browser,
  orgId: string,
  email: string,
  cycleId: string,
  answers: Record<string, unknown>,
): Promise<void> {
  const ctx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const page = await ctx.newPage();
    await loginViaApi(page, email);
    const res = await page.request.post(`/api/v1/orgs/${orgId}/checkins`, { data: { cycleId, answers } });
    expect(res.status(), `check-in of ${email}`).toBe(201);
  } finally {
    await ctx.close();
  }
}

/** Closes the open cycle from the cycles page, through its confirmation dialog. */
export async function closeCycleNow(page: Page, orgId: string): Promise<void> {
  await page.goto(`/orgs/${orgId}/cycles`);
  await page.getByRole('button', { name: 'Close now and publish results' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close and publish' }).click();
  await expect(page.getByText(/No cycle is open\./)).toBeVisible();
}
