import { expect, test, type Browser, type Page } from '@playwright/test';
import { startSmtpCapture, type SmtpCapture } from '../lib/testing/smtp-capture';
import { E2E_PASSWORD, e2eEmail, expectNoSeriousA11yViolations, landingOrgId, loginViaApi } from './fixtures';

/**
 * Account recovery through a real SMTP server (issue 12). The e2e server must send mail to
 * SMTP_URL=smtp://127.0.0.1:<E2E_SMTP_PORT> (default: E2E_PORT + 25, so 3125), which this
 * spec listens on. The tests run serially in one worker, so only one listener binds the port.
 * Mail from other specs may arrive too; each test reads only its own recipient's messages.
 */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 25);

let smtp: SmtpCapture;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  smtp = await startSmtpCapture(SMTP_PORT);
  expect(smtp.port).toBe(SMTP_PORT);
});

test.afterAll(async () => {
  await smtp.close();
});

/** Waits for the reset mail to `email` and returns the link in it. */
async function resetLinkFor(email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mail = smtp.inbox.findLast((m) => m.to.includes(email) && /reset-password\//.test(m.body));
        link = mail ? /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(mail.body)?.[0] : undefined;
        return link;
      },
      { message: `a password-reset mail to ${email} (is the e2e server's SMTP_URL smtp://127.0.0.1:${SMTP_PORT}?)`, timeout: 15_000 },
    )
    .toBeTruthy();
  return link!;
}

/** A second browser that holds a copy of `page`'s cookies: a stolen session token. */
async function copyOfSession(browser: Browser, page: Page) {
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  return context;
}

async function expectSignedOut(page: Page) {
  await page.goto('/orgs');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in to Sustain' })).toBeVisible();
}

test('forgot password: the link arrives by SMTP, sets a new password once, and the new password signs in', async ({ page }) => {
  const email = e2eEmail('b', 'staff', 4);
  const newPassword = 'a fresh passphrase for staff four';

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // An address without an account gets exactly the same answer.
  await page.getByLabel('Email').fill('nobody-here@e2e.sustain.test');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const answer = page.getByText(/^If an account uses that email address/);
  await expect(answer).toBeVisible();
  const unknownAnswer = await answer.textContent();

  await page.reload();
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(answer).toBeVisible();
  expect(await answer.textContent()).toBe(unknownAnswer);

  const link = await resetLinkFor(email);
  expect(smtp.inbox.some((m) => m.to.includes('nobody-here@e2e.sustain.test'))).toBe(false);

  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { name: 'Choose a new password', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();

  await expect(page.getByText('Your password was changed and you were signed out everywhere.')).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My check-ins', level: 1 })).toBeVisible();

  // The link works once.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { name: "This link can't be used" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('change password on the account page: the current one is required, and every older session ends', async ({ page, browser }) => {
  const email = e2eEmail('b', 'staff', 5);
  const newPassword = 'staff five chose a new passphrase';
  await loginViaApi(page, email);
  const stolen = await copyOfSession(browser, page);
  const thief = await stolen.newPage();
  await thief.goto('/orgs');
  await expect(thief.getByRole('heading', { name: 'My check-ins', level: 1 })).toBeVisible();

  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const form = page.getByRole('region', { name: 'Change your password' });
  await form.getByLabel('Current password').fill('not my password at all');
  await form.getByLabel('New password', { exact: true }).fill(newPassword);
  await form.getByLabel('Confirm new password').fill(newPassword);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('That is not your current password.').first()).toBeVisible();

  await form.getByLabel('Current password').fill(E2E_PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill(newPassword);
  await form.getByLabel('Confirm new password').fill(newPassword);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed and you were signed out everywhere.')).toBeVisible();

  // The copied cookie is refused at once.
  await expectSignedOut(thief);
  await loginViaApi(page, email, newPassword);

  // "Sign out everywhere" ends this session and any copy of it.
  const stolenAgain = await copyOfSession(browser, page);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('You were signed out on every device.')).toBeVisible();
  await expectSignedOut(await stolenAgain.newPage());
  await stolen.close();
  await stolenAgain.close();
});

test('sign-out from the menu refuses a copied session token', async ({ page, browser }) => {
  await loginViaApi(page, e2eEmail('b', 'staff', 6));
  const stolen = await copyOfSession(browser, page);
  await page.goto('/orgs');
  await expect(page.getByRole('heading', { name: 'My check-ins', level: 1 })).toBeVisible();
  await page.getByText(/B staff 6 ▾/).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Sustain' })).toBeVisible();
  await expectSignedOut(await stolen.newPage());
  await stolen.close();
});

test('invitation links: emailed, never shown again in the outbox; re-issuing gives a new link and retires the old', async ({
  page,
  browser,
}) => {
  await loginViaApi(page, e2eEmail('a', 'admin'));
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/admin/members`);
  const invitee = `invitee-${Date.now().toString(36)}@e2e.sustain.test`;
  const invite = page.getByRole('region', { name: 'Invite someone' });
  await invite.getByLabel('Role', { exact: true }).selectOption('director');
  await invite.getByLabel('Email (optional)').fill(invitee);
  await invite.getByRole('button', { name: 'Create invitation link' }).click();
  const firstLink = await page.getByLabel('Invitation link (shown once)').inputValue();
  expect(firstLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect.poll(() => smtp.inbox.find((m) => m.to.includes(invitee))?.body ?? '').toContain(firstLink);

  // The outbox (the mail log) says what went out, without the link.
  await page.goto(`/orgs/${orgId}/admin/outbox`);
  await expect(page.getByText(`To ${invitee}`).first()).toBeVisible();
  await expect(page.getByText('[link sent by email; not stored]').first()).toBeVisible();
  expect(await page.content()).not.toContain(new URL(firstLink).pathname);

  await page.goto(`/orgs/${orgId}/admin/members`);
  await page.getByRole('button', { name: `Re-issue link for ${invitee}` }).click();
  const secondLink = await page.getByLabel(`New link for ${invitee} (shown once)`).inputValue();
  expect(secondLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  expect(secondLink).not.toBe(firstLink);
  await expectNoSeriousA11yViolations(page);

  const other = await browser.newContext();
  const visitor = await other.newPage();
  await visitor.goto(new URL(firstLink).pathname);
  await expect(visitor.getByText('This invitation was withdrawn')).toBeVisible();
  await visitor.goto(new URL(secondLink).pathname);
  await expect(visitor.getByRole('heading', { name: /Join E2E Agency A/ })).toBeVisible();
  await other.close();
});
