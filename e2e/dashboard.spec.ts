import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed/demo';
import { expectNoSeriousA11yViolations, expectNotFound, landingOrgId, loginViaApi } from './fixtures';

const DEMO_PASSWORD = 'sustain-demo-2026';

test.describe('the director dashboard on the demo agency', () => {
  test('shows results with a suppressed small team, sorts the heatmap and opens a table alternative', async ({ page }) => {
    await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
    const orgId = await landingOrgId(page);
    await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/dashboard$`));
    await expect(page.getByRole('heading', { name: /team wellbeing/, level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Latest results/ })).toBeVisible();

    // The 4-person Outreach team is hidden, and says why.
    const heatmap = page.getByRole('table').filter({ has: page.getByRole('button', { name: 'Burnout', exact: true }) });
    const outreach = heatmap.getByRole('row', { name: /Outreach/ });
    await expect(outreach).toContainText('Hidden: fewer than 5 responses');

    // Sort by burnout: the header reports it.
    const header = heatmap.getByRole('columnheader', { name: /Burnout/ });
    await heatmap.getByRole('button', { name: 'Burnout', exact: true }).click();
    await expect(header).toHaveAttribute('aria-sort', /descending|ascending/);
    const firstRow = await heatmap.getByRole('row').nth(1).innerText();
    await heatmap.getByRole('button', { name: 'Burnout', exact: true }).click();
    await expect(header).toHaveAttribute('aria-sort', /descending|ascending/);
    expect(await heatmap.getByRole('row').nth(1).innerText()).not.toBe(firstRow);

    // A chart's table alternative.
    await page.getByText('Show "Burnout (10–50)" as a table').click();
    const trendTable = page.getByRole('table', { name: /Burnout \(10–50\)/ });
    await expect(trendTable).toBeVisible();
    await expect(trendTable.getByRole('row')).toHaveCount(await trendTable.getByRole('row').count());
    expect(await trendTable.getByRole('row').count()).toBeGreaterThanOrEqual(9);

    await expectNoSeriousA11yViolations(page);
  });

  test('a team page shows that team beside the agency', async ({ page }) => {
    await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
    await landingOrgId(page);
    await page.getByRole('link', { name: 'Case management' }).first().click();
    await expect(page.getByRole('heading', { name: 'Case management: trends', level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('staff cannot open the dashboard, team pages or the aggregates API', async ({ page }) => {
    await loginViaApi(page, DEMO_ACCOUNTS.staff.email, DEMO_PASSWORD);
    const orgId = await landingOrgId(page);
    await expect(page).toHaveURL(new RegExp(`/orgs/${orgId}/me$`));
    await expectNotFound(page, `/orgs/${orgId}/dashboard`);
    await expectNotFound(page, `/orgs/${orgId}/drivers`);
    await expectNotFound(page, `/orgs/${orgId}/actions`);
    const api = await page.request.get(`/api/v1/orgs/${orgId}/aggregates`);
    expect(api.status()).toBe(404);
  });

  test('the CSV export downloads the same suppressed numbers', async ({ page }) => {
    await loginViaApi(page, DEMO_ACCOUNTS.director.email, DEMO_PASSWORD);
    const orgId = await landingOrgId(page);
    const res = await page.request.get(`/api/v1/orgs/${orgId}/aggregates?by=team&cycle=latest&format=csv`);
    expect(res.status()).toBe(200);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('cycle_id,cycle_opens,group_id,group,measure,measure_label,n,mean,sd,ci95_low,ci95_high,low,moderate,high,levels_withheld,suppressed');
    expect(csv).toContain('Outreach');
    expect(csv).toContain('fewer than 5 responses');
  });
});
