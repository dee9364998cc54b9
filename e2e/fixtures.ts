import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
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
