// A manager's audit view: the dashboard shows the PIN pad replacement and the payment-device list,
// and the lists download as CSV.
import assert from 'node:assert/strict';

import { csvLines, download, text } from '../lib/pages.mjs';
import { NEW_PIN_PAD_SERIAL } from './technician.mjs';

async function managerDashboard(ctx) {
    ctx.need(ctx.usersReady, 'the users');
    const page = await ctx.ui.signIn('boss', ctx.site.users.boss.password);
    ctx.boss = page;
    assert.equal(await page.locator('nav a[href="/dashboard"]').count(), 1,
                 'a manager has no link to the dashboard');
    assert.equal(await page.locator('a[href="/admin/users"]').count(), 0,
                 'a manager is offered the admin pages');
    const reply = await page.goto(ctx.ui.url('/dashboard'));
    assert.equal(reply.status(), 200);
    const replacements = page.locator('section#replacements');
    assert.equal(await replacements.count(), 1, 'no section#replacements');
    assert.ok(await replacements.locator('svg').count() >= 1, 'the replacements chart is no SVG');
    ctx.need(ctx.swapped, 'the PIN pad swap');
    // one row per week, the count last: the PIN pad swap is the only replacement there is
    const counts = await replacements.locator('table tbody tr td:last-child').allInnerTexts();
    const total = counts.reduce((sum, cell) => sum + Number(cell.trim()), 0);
    assert.equal(total, 1, `the replacements table counts ${total} (cells ${counts.join(', ')})`);
    const payment = await text(page, 'table#payment-devices');
    assert.ok(payment.includes(NEW_PIN_PAD_SERIAL),
              'the payment-device list lacks the new PIN pad');
    assert.ok(payment.includes('Sucursal Centro'), 'the payment-device list lacks the site');
    assert.ok(!payment.includes(ctx.site.state.pinPadSerial),
              'the payment-device list still has the replaced PIN pad');
    assert.ok(await page.locator('a[href$=".csv"]').count() >= 2, 'fewer than 2 CSV links');
    await ctx.ui.shot(page, 'dashboard', { fullPage: true });
    const table = page.locator('table#payment-devices');
    const link = page.locator('a[href$=".csv"][href*="payment"]');
    assert.equal(await link.count(), 1, `no CSV link for the payment devices`);
    const csv = csvLines((await download(page, link)).text);
    assert.ok(csv.length >= 2 && csv[0].split(',').length >= 3, `payment CSV: ${csv.join('\n')}`);
    assert.ok(csv.slice(1).some((line) => line.includes(NEW_PIN_PAD_SERIAL)),
              `the payment-device CSV lacks ${NEW_PIN_PAD_SERIAL}:\n${csv.join('\n')}`);
    assert.ok(await table.locator('tbody tr').count() === csv.length - 1,
              'the payment CSV does not have one line per table row');
}

async function devicesCsv(ctx) {
    const page = ctx.need(ctx.boss ?? ctx.tech, 'a signed-in user');
    await page.goto(ctx.ui.url('/devices'));
    const all = csvLines((await download(page, page.locator('a#export-csv'))).text);
    assert.ok(all[0].split(',').length >= 3 && /name|host/i.test(all[0]),
              `the CSV's first line is no header: ${all[0]}`);
    assert.equal(all.length, 3, `expected a header and 2 devices:\n${all.join('\n')}`);
    assert.ok(all.some((line) => line.includes('caja03')) &&
              all.some((line) => line.includes('nb-mgarcia')), 'a device is missing');
    // the export follows the list's query
    await page.goto(ctx.ui.url('/devices?q=caja03'));
    const href = await page.locator('a#export-csv').getAttribute('href');
    assert.match(href ?? '', /^\/devices\.csv\?(.*&)?q=caja03/, `export link ${href}`);
    const one = csvLines((await download(page, page.locator('a#export-csv'))).text);
    assert.equal(one.length, 2, `the filtered export:\n${one.join('\n')}`);
    assert.ok(one[1].includes('caja03'));
}

export const scenarios = [
    ['manager: the dashboard charts the PIN pad replacement and lists payment devices',
     managerDashboard],
    ['manager: the devices list downloads as CSV, header first, with the same query',
     devicesCsv],
];
