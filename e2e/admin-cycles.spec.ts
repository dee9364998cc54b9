import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eEmail, expectNoSeriousA11yViolations, landingOrgId, loginViaApi } from './fixtures';

const examplePack = fs.readFileSync(path.join(process.cwd(), 'lib/instruments/examples/example-pack.json'), 'utf8');

test('an admin installs an instrument pack (an invalid one installs nothing and names the path), then schedules cycles with it', async ({ page }) => {
  await loginViaApi(page, e2eEmail('b', 'admin'));
  const orgId = await landingOrgId(page);
  await page.goto(`/orgs/${orgId}/admin/instruments`);
  await expect(page.getByRole('heading', { name: 'Instruments', level: 1 })).toBeVisible();

  // Invalid: a subscale that points at an item that does not exist.
  const broken = JSON.parse(examplePack);
  broken.subscales.recovery.items = [1, 2, 99];
  await page.getByLabel('Instrument pack (JSON file)').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await page.getByRole('button', { name: 'Install pack' }).click();
  await expect(page.getByText('The pack is not valid, so nothing was installed.')).toBeVisible();
  await expect(page.getByText('subscales.recovery.items[2]: item 99 does not exist')).toBeVisible();
  await expect(page.getByText('No packs installed.')).toBeVisible();

  // Valid.
  await page.getByLabel('Instrument pack (JSON file)').setInputFiles({
    name: 'example-pack.json',
    mimeType: 'application/json',
    buffer: Buffer.from(examplePack),
  });
  await page.getByRole('button', { name: 'Install pack' }).click();
  await expect(page.getByText(/Installed "Example Resilience Pack/)).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Example Resilience Pack/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Schedule: monthly on the 5th, 10 days, with the installed pack as the VR measure.
  await page.goto(`/orgs/${orgId}/cycles`);
  const schedule = page.getByRole('region', { name: 'Schedule' });
  await schedule.getByLabel('Open check-in cycles automatically').check();
  await schedule.getByLabel('How often').selectOption('monthly');
  await schedule.getByLabel('Opens on day of the month').fill('31');
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedule.getByText('Enter a day from 1 to 28 (so every month has it).')).toBeVisible();
  await schedule.getByLabel('Opens on day of the month').fill('5');
  await schedule.getByLabel('Stays open (days)').fill('10');
  const vr = schedule.getByLabel('Vicarious-resilience measure');
  const packValue = await vr.locator('option', { hasText: 'Example Resilience Pack' }).getAttribute('value');
  await vr.selectOption(packValue!);
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedule.getByText('Schedule saved. Cycles will open automatically.')).toBeVisible();
  await page.reload();
  await expect(page.getByText(/The next scheduled cycle opens/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
