import { expect, test } from '@playwright/test';
import { E2E_PASSWORD, e2eEmail, expectNoSeriousA11yViolations, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

test.describe('sign-up, teams and invitations', () => {
  test('an admin signs up, creates two teams, invites a staff member who joins and lands on their home page', async ({
    page,
    browser,
  }) => {
    const stamp = Date.now().toString(36);
    await page.goto('/signup');
    await page.getByLabel('Agency name').fill(`Harbor Light ${stamp}`);
    await page.getByLabel('Your name').fill('Morgan Admin');
    await page.getByLabel('Your work email').fill(`morgan-${stamp}@harbor.test`);
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByLabel('Confirm password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create agency' }).click();

    await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
    for (const name of ['Shelter', 'Case management']) {
      await page.getByLabel('New team name').fill(name);
      await page.getByRole('button', { name: 'Create team' }).click();
      await expect(page.getByText(`Team "${name}" created.`)).toBeVisible();
    }
    // A duplicate name gets its own message.
    await page.getByLabel('New team name').fill('shelter');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByText('A team with this name already exists').first()).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    const invite = page.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('Role', { exact: true }).selectOption('staff');
    await invite.getByLabel('Team', { exact: true }).selectOption({ label: 'Shelter' });
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await page.getByLabel('Invitation link (shown once)').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    await expect(page.getByRole('cell', { name: 'Shelter' })).toBeVisible();

    // The invitee opens the link in a fresh browser context (no shared cookies).
    const invitee = await browser.newContext();
    const p2 = await invitee.newPage();
    await p2.goto(new URL(link).pathname);
    await expect(p2.getByRole('heading', { name: /Join Harbor Light/ })).toBeVisible();
    await expect(p2.getByText('staff member')).toBeVisible();
    await p2.getByLabel('Your name').fill('Riley Staff');
    await p2.getByLabel('Email').fill(`riley-${stamp}@harbor.test`);
    await p2.getByLabel('Choose a password').fill('short');
    await p2.getByLabel('Confirm password').fill('short');
    await p2.getByRole('button', { name: 'Create account and join' }).click();
    await expect(p2.getByText('Use at least 12 characters.')).toBeVisible();
    await p2.getByLabel('Choose a password').fill('riley has a long password');
    await p2.getByLabel('Confirm password').fill('riley has a long password');
    await p2.getByRole('button', { name: 'Create account and join' }).click();
    await expect(p2.getByRole('heading', { name: 'My check-ins', level: 1 })).toBeVisible();
    await expect(p2).toHaveURL(/\/orgs\/[0-9a-f-]{36}\/me$/);

    // The link works once.
    const p3 = await (await browser.newContext()).newPage();
    await p3.goto(new URL(link).pathname);
    await expect(p3.getByText('This invitation has already been used')).toBeVisible();
    await invitee.close();
  });

  test('the sign-in form: a wrong password gets a clear message, the right one signs in', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(e2eEmail('a', 'staff', 6));
    await page.getByLabel('Password').fill('definitely the wrong one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'My check-ins', level: 1 })).toBeVisible();
    // Sign-out from the account menu.
    await page.getByText(/A staff 6 ▾/).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Sustain' })).toBeVisible();
  });

  test('after 10 failures from one address the sign-in endpoint answers 429', async ({ request }) => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const attempt = async () => {
      const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      return request.post('/api/auth/callback/credentials', {
        form: { email: `nobody-${ip}@e2e.test`, password: 'wrong password here', csrfToken, json: 'true' },
        headers: { 'X-Auth-Return-Redirect': '1', 'X-Forwarded-For': ip },
      });
    };
    for (let i = 0; i < 10; i++) expect((await attempt()).status()).not.toBe(429);
    const limited = await attempt();
    expect(limited.status()).toBe(429);
    expect(((await limited.json()) as { message: string }).message).toContain('Too many failed sign-in attempts');
  });
});

test.describe('authorization', () => {
  test('staff and directors get 404 on admin pages', async ({ browser }) => {
    for (const role of ['staff', 'director'] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await loginViaApi(page, e2eEmail('a', role));
      const orgId = await landingOrgId(page);
      for (const path of ['admin/settings', 'admin/members', 'admin/teams']) await expectNotFound(page, `/orgs/${orgId}/${path}`);
      if (role === 'staff') await expectNotFound(page, `/orgs/${orgId}/dashboard`);
      await context.close();
    }
  });

  test("a user of agency B gets 404 on agency A's pages and cannot run A's actions", async ({ browser }) => {
    const a = await browser.newContext();
    const pageA = await a.newPage();
    await loginViaApi(pageA, e2eEmail('a', 'admin'));
    const orgA = await landingOrgId(pageA);

    const b = await browser.newContext();
    const pageB = await b.newPage();
    await loginViaApi(pageB, e2eEmail('b', 'admin'));
    const orgB = await landingOrgId(pageB);
    expect(orgB).not.toBe(orgA);

    for (const path of ['', '/dashboard', '/me', '/admin/settings', '/admin/members', '/admin/teams']) {
      await expectNotFound(pageB, `/orgs/${orgA}${path}`);
    }

    // Forge a server action: B's own "create team" form, with A's org id swapped into the bound argument.
    await pageB.goto(`/orgs/${orgB}/admin/teams`);
    const forgedName = `Forged ${Date.now()}`;
    let forged = false;
    await pageB.route('**/admin/teams', async (route) => {
      const req = route.request();
      const body = req.postData();
      if (req.method() === 'POST' && body?.includes(orgB)) {
        forged = true;
        await route.continue({ postData: body.split(orgB).join(orgA) });
      } else {
        await route.continue();
      }
    });
    await pageB.getByLabel('New team name').fill(forgedName);
    await pageB.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => forged).toBe(true);
    await pageB.waitForTimeout(1000);
    await pageB.unroute('**/admin/teams');

    await pageA.goto(`/orgs/${orgA}/admin/teams`);
    await expect(pageA.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
    await expect(pageA.getByText(forgedName)).toHaveCount(0);
    await pageB.goto(`/orgs/${orgB}/admin/teams`);
    await expect(pageB.getByText(forgedName)).toHaveCount(0);
    await a.close();
    await b.close();
  });
});

test.describe('accessibility', () => {
  test('sign-in, settings and members have no serious or critical axe violations', async ({ page }) => {
    await page.goto('/login');
    await expectNoSeriousA11yViolations(page);
    await page.goto('/signup');
    await expectNoSeriousA11yViolations(page);
    await loginViaApi(page, e2eEmail('a', 'admin'));
    const orgId = await landingOrgId(page);
    for (const path of ['admin/settings', 'admin/members', 'admin/teams']) {
      await page.goto(`/orgs/${orgId}/${path}`);
      await expectNoSeriousA11yViolations(page);
    }
  });

  test('settings: k out of range gets a specific message and nothing is saved', async ({ page }) => {
    await loginViaApi(page, e2eEmail('b', 'admin'));
    const orgId = await landingOrgId(page);
    await page.goto(`/orgs/${orgId}/admin/settings`);
    const k = page.getByLabel('Minimum reporting group size (k)');
    await k.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('cannot be below 3')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Minimum reporting group size (k)')).toHaveValue('5');
  });
});
