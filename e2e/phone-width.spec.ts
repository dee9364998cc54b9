import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed/demo';
import { landingOrgId, loginViaApi } from './fixtures';

/**
 * Issue 14, phone width: every page, as each role, at 390 × 844 fits the viewport (no
 * horizontal page scroll; wide tables scroll inside their own box), the admin nav does not
 * wrap to three rows, and axe finds no moderate-or-worse violation. Runs on the demo agency,
 * which has results, trends, drivers and 60-odd members: the widest content there is.
 */
const DEMO_PASSWORD = 'sustain-demo-2026';
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

/** Every page a role can reach, with ids discovered from the pages themselves. */
async function pagesFor(page: Page, role: 'staff' | 'director' | 'admin', orgId: string): Promise<string[]> {
  const base = `/orgs/${orgId}`;
  const mine = [`${base}/me`, `${base}/me/privacy`, `${base}/checkin`, '/account', '/orgs'];
  await page.goto(`${base}/me`);
  const result = await page.locator(`a[href^="${base}/me/cycles/"]`).first().getAttribute('href').catch(() => null);
  if (result) mine.push(result);
  if (role === 'staff') return mine;
  const director = [`${base}/dashboard`, `${base}/drivers`, `${base}/actions`, `${base}/cycles`];
  await page.goto(`${base}/dashboard`);
  const team = await page.locator(`a[href^="${base}/teams/"]`).first().getAttribute('href');
  if (team) director.push(team);
  if (role === 'director') return [...director, ...mine];
  const admin = ['members', 'teams', 'settings', 'instruments', 'jobs', 'outbox'].map((p) => `${base}/admin/${p}`);
  return [...director, ...admin, ...mine];
}

interface PageReport {
  url: string;
  scrollWidth: number;
  innerWidth: number;
  wide: string[];
  /** Cards whose content is wider than the card. */
  cards: string[];
  axe: string[];
}

async function checkPage(page: Page, url: string): Promise<PageReport> {
  const res = await page.goto(url);
  expect(res?.status(), `${url} loads`).toBeLessThan(400);
  // Measure the hydrated page: charts and client components size themselves after hydration.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
  return measurePage(page, url);
}

async function measurePage(page: Page, url: string): Promise<PageReport> {
  // Tables behind charts (and other collapsed details) must fit too: open them all.
  await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await page.waitForTimeout(100);
  const size = await page.evaluate(() => {
    // Elements that stick out of the viewport, for a useful failure message.
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= window.innerWidth + 0.5) return false;
        // Inside a box that scrolls sideways, sticking out is the point.
        for (let p = el.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    // No card's content sticks out of it (a wide table scrolls inside its own box instead).
    const cards = [...document.querySelectorAll<HTMLElement>('main .card')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => `.card "${(c.querySelector('h2, h3, caption, summary')?.textContent ?? '').trim().slice(0, 40)}" ${c.scrollWidth} > ${c.clientWidth}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: [...wide, ...cards], cards };
  });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const axe = results.violations
    .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  return { url, ...size, axe };
}

for (const role of ['staff', 'director', 'admin'] as const) {
  test(`every page fits 390 px as ${role}, with no moderate-or-worse axe violation`, async ({ page }) => {
    // About 16 pages with axe each: 1–2.5 min on a loaded 2-core machine, so 3 min was too tight.
    test.setTimeout(300_000);
    await loginViaApi(page, DEMO_ACCOUNTS[role].email, DEMO_PASSWORD);
    const orgId = await landingOrgId(page);
    const urls = await pagesFor(page, role, orgId);
    for (const url of urls) {
      const r = await checkPage(page, url);
      expect.soft(r.scrollWidth, `${url}: page wider than the viewport (${r.wide.join('; ')})`).toBeLessThanOrEqual(r.innerWidth);
      expect.soft(r.cards, `${url}: content wider than its card`).toEqual([]);
      expect.soft(r.axe, `axe on ${url}`).toEqual([]);
    }
  });
}

test('the width check catches a page that is too wide (negative control)', async ({ page }) => {
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.id = 'too-wide';
    div.style.cssText = 'width: 600px; height: 10px';
    document.querySelector('main')!.append(div);
  });
  await expect(page.locator('#too-wide')).toBeAttached();
  const r = await measurePage(page, '/login');
  expect(r.scrollWidth).toBeGreaterThan(r.innerWidth);
  expect(r.wide.join(' ')).toContain('div#too-wide');
});

test('signed out: the public pages fit 390 px', async ({ page }) => {
  for (const url of ['/', '/login', '/signup', '/forgot-password']) {
    const r = await checkPage(page, url);
    expect.soft(r.scrollWidth, `${url}: page wider than the viewport (${r.wide.join('; ')})`).toBeLessThanOrEqual(r.innerWidth);
    expect.soft(r.axe, `axe on ${url}`).toEqual([]);
  }
});

test('the admin nav stays compact at 390 px: one scrollable row, the current page visible', async ({ page }) => {
  await loginViaApi(page, DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD);
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/admin/teams`);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const links = nav.getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(8);
  const tops = new Set(await links.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top))));
  expect(tops.size, 'nav links on one row').toBe(1);
  const current = nav.getByRole('link', { name: 'Teams' });
  await expect(current).toHaveAttribute('aria-current', 'page');
  await expect(current).toBeInViewport();
});

test('wide tables scroll inside their own box, with a visible hint', async ({ page }) => {
  await loginViaApi(page, DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD);
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/dashboard`);
  const wrap = page.locator('.table-wrap').filter({ has: page.getByRole('button', { name: 'Burnout', exact: true }) });
  await expect(wrap).toHaveAttribute('data-scrolls', '');
  const { scrollable, shadow, hint } = await wrap.evaluate((el) => ({
    scrollable: el.scrollWidth > el.clientWidth,
    shadow: getComputedStyle(el).backgroundImage,
    hint: getComputedStyle(el, '::before').content,
  }));
  expect(scrollable, 'the heatmap is wider than a phone, so its box scrolls').toBe(true);
  expect(shadow, 'edge shadows show there is more').toContain('gradient');
  expect(hint, 'a written hint above the table').toContain('Scroll sideways to see every column');
  // The page itself does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test.describe('small things (issue 14)', () => {
  test('favicon and app icons are served, and a page logs no 404', async ({ page }) => {
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto('/login');
    await page.waitForLoadState('load');
    for (const icon of ['/favicon.ico', '/icon.svg', '/apple-icon.png']) {
      const res = await page.request.get(icon);
      expect(res.status(), icon).toBe(200);
    }
    await expect(page.locator('link[rel="icon"]').first()).toBeAttached();
    expect(missing).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('sign-out returns to the host that was used (127.0.0.1, not localhost)', async ({ page, baseURL }) => {
    const other = baseURL!.replace('localhost', '127.0.0.1');
    await page.goto(`${other}/login`);
    await page.getByLabel('Email').fill(DEMO_ACCOUNTS.staff.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}/);
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
    await page.getByText(/▾$/).last().click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
    await page.goto(`${other}/orgs`);
    await expect(page).toHaveURL(/\/login/);
  });
});
