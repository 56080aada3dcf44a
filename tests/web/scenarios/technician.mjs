// The sign-in page's languages, then a technician's visit: find the POS terminal by its PIN pad
// serial, read its page and visit sheet, open a ticket, see the PIN pad swap on the ticket, and
// the XSS sample shown as text.
import assert from 'node:assert/strict';

import { PIN_PAD, RECEIPT_PRINTER, SCANNER, XSS_PACKAGE } from '../lib/site.mjs';
import { fill, pdfPageCount, submit, text, waitForText } from '../lib/pages.mjs';

export const NEW_PIN_PAD_SERIAL = 'E20F7D11';

async function signInLanguages({ ui }) {
    const spanish = await ui.page({ lang: null });  // no cookie: the default, es-AR
    await spanish.goto(ui.url('/signin'));
    assert.equal(await spanish.locator('form#signin input[name=csrf]').count(), 1,
                 'form#signin has no hidden csrf field');
    assert.ok((await spanish.locator('body').textContent()).includes('Iniciar sesión'),
              'the default sign-in page does not say "Iniciar sesión"');
    const english = await ui.page({ lang: 'en' });
    await english.goto(ui.url('/signin'));
    assert.ok((await english.locator('body').textContent()).includes('Sign in'),
              'with parque_lang=en the sign-in page does not say "Sign in"');
    await ui.shot(english, 'signin');
    // /language sets the cookie and goes back where it was asked from
    await spanish.goto(ui.url('/language?set=en&back=/signin'));
    assert.match(new URL(spanish.url()).pathname, /^\/signin$/);
    assert.ok((await spanish.locator('body').textContent()).includes('Sign in'));
    const cookie = (await spanish.context().cookies()).find((c) => c.name === 'parque_lang');
    assert.equal(cookie?.value, 'en', '/language did not set parque_lang=en');
}

async function technicianSignsIn(ctx) {
    const { ui, site } = ctx;
    ctx.need(ctx.usersReady, 'the users');
    const page = await ui.signIn('tech', site.users.tech.password);
    assert.equal(new URL(page.url()).pathname, '/devices', `signed in, landed on ${page.url()}`);
    const session = (await page.context().cookies()).filter((c) => c.name !== 'parque_lang');
    assert.ok(session.length > 0, 'no session cookie after signing in');
    for (const cookie of session) {
        assert.ok(cookie.httpOnly && cookie.secure && cookie.sameSite === 'Strict',
                  `cookie ${cookie.name} is not HttpOnly; Secure; SameSite=Strict`);
    }
    for (const link of ['/devices', '/tickets']) {
        assert.equal(await page.locator(`nav a[href="${link}"]`).count(), 1, `no nav link ${link}`);
    }
    assert.equal(await page.locator('a[href="/admin/users"]').count(), 0,
                 'a technician is offered the admin pages');
    assert.equal(await page.locator('form#signout').count(), 1, 'no form#signout in the header');
    ctx.tech = page;
}

async function searchByPinPadSerial(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const { site } = ctx;
    const serial = ctx.need(site.state.pinPadSerial, 'the enrolled POS terminal');
    await page.goto(ctx.ui.url('/devices'));
    const everything = page.locator('table#devices tbody tr[data-device-id]');
    assert.equal(await everything.count(), 2, 'the unfiltered list should show both devices');
    await ctx.ui.shot(page, 'devices');
    const form = page.locator('form#device-search');
    await form.locator('input[name=q]').fill(serial);
    await submit(page, form);
    assert.equal(new URL(page.url()).searchParams.get('q'), serial);
    const rows = page.locator('table#devices tbody tr[data-device-id]');
    assert.equal(await rows.count(), 1, `searching ${serial} should find the POS terminal only`);
    assert.equal(await rows.first().getAttribute('data-device-id'), site.pos.deviceId);
    await submitAndOpen(page, rows.first().locator('a.device-link'));
    assert.equal(new URL(page.url()).pathname, `/devices/${site.pos.deviceId}`);
    ctx.devicePage = page.url();
}

// A site name with a space: the GET form sends it as "Sucursal+Centro".
async function siteFilter(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const { site } = ctx;
    ctx.need(site.pos?.deviceId, 'the enrolled POS terminal');
    await page.goto(ctx.ui.url('/devices'));
    const form = page.locator('form#device-search');
    await form.locator('input[name=site]').fill('Sucursal Centro');
    await submit(page, form);
    const bySite = page.locator('table#devices tbody tr[data-device-id]');
    assert.equal(await bySite.count(), 1, 'filtering by site "Sucursal Centro" should find the ' +
                 `POS terminal only (${page.url()})`);
    assert.equal(await bySite.first().getAttribute('data-device-id'), site.pos.deviceId);
}

async function submitAndOpen(page, link) {
    await Promise.all([page.waitForNavigation(), link.click()]);
}

async function devicePageShowsPeripherals(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const { site } = ctx;
    await page.goto(ctx.need(ctx.devicePage, 'the device found by search'));
    assert.match(await text(page, 'h1'), /caja03/i, 'the device page title is not the host name');
    for (const id of ['summary', 'peripherals', 'hardware', 'software', 'network', 'history',
                      'tickets']) {
        assert.equal(await page.locator(`section#${id}`).count(), 1, `no section#${id}`);
    }
    const peripherals = page.locator('section#peripherals');
    for (const [device, kind] of [[PIN_PAD, /pin\s*-?pad/i], [RECEIPT_PRINTER, /printer/i],
                                  [SCANNER, /scanner/i]]) {
        const serial = site.pos.usbSerial(device.vendor, device.product);
        const row = peripherals.locator('tr', { hasText: serial });
        assert.equal(await row.count(), 1, `no peripheral row with serial ${serial}`);
        assert.match(await row.innerText(), kind, `the row of ${serial} does not name its kind`);
    }
    await ctx.ui.shot(page, 'device');
}

// Usable on a phone in the field: at 390 px nothing makes the page scroll sideways (wide tables
// may scroll inside their own box).
async function phoneWidth(ctx) {
    ctx.need(ctx.usersReady, 'the users');
    const devicePage = ctx.need(ctx.devicePage, 'the device found by search');
    const page = await ctx.ui.signIn('tech', ctx.site.users.tech.password,
                                     { viewport: { width: 390, height: 844 } });
    for (const path of ['/devices', new URL(devicePage).pathname, '/tickets']) {
        await page.goto(ctx.ui.url(path));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${path} is ${width} px wide on a 390 px phone screen`);
    }
    await page.context().close();
}

async function visitSheet(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    await page.goto(ctx.need(ctx.devicePage, 'the device found by search'));
    await submitAndOpen(page, page.locator('a#visit-sheet'));
    assert.equal(new URL(page.url()).pathname, `/devices/${ctx.site.pos.deviceId}/visit`);
    const body = await page.locator('body').innerText();
    assert.ok(body.includes(ctx.site.state.pinPadSerial), 'the visit sheet lacks the PIN pad');
    assert.ok(body.includes('caja03'), 'the visit sheet lacks the device name');
    await page.emulateMedia({ media: 'print' });
    await ctx.ui.shot(page, 'visit-sheet', { fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdfPageCount(pdf), 1, 'the visit sheet does not print on one A4 page');
    await page.emulateMedia({ media: 'screen' });
}

async function openTicket(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    await page.goto(ctx.need(ctx.devicePage, 'the device found by search'));
    const form = page.locator('form#open-ticket');
    assert.equal(await form.locator('input[name=device_id]').inputValue(), ctx.site.pos.deviceId);
    await fill(form, 'title', 'PIN pad rejects chip cards');
    await fill(form, 'description', 'Customers at till 3 see "tarjeta no leída" on every chip.');
    await fill(form, 'urgency', 'high');
    const reply = await submit(page, form);
    // Either a 303 to /tickets/{number}?created=1 or (what the pages do) the ticket answered
    // directly to the POST with 201 and a link to its own page.
    assert.ok([200, 201].includes(reply.status()), `opening a ticket answered ${reply.status()}: ` +
              (await page.locator('.error').allInnerTexts()).join(' '));
    let path = new URL(page.url()).pathname;
    const own = page.locator('section#ticket-created a[href^="/tickets/"]');
    if (path === '/tickets' && await own.count() === 1) {
        path = new URL(await own.getAttribute('href'), page.url()).pathname;
    }
    const found = /^\/tickets\/([^/?#]+)$/.exec(path);
    assert.ok(found, `opening a ticket landed on ${page.url()} with no link to the ticket`);
    const code = (await text(page, '#access-code')).trim();
    assert.ok(code.length >= 6, `access code "${code}" is too short`);
    ctx.ticket = { number: decodeURIComponent(found[1]), code, url: ctx.ui.url(path) };
    assert.ok((await text(page, 'section#snapshot')).includes(ctx.site.state.pinPadSerial),
              'the snapshot lacks the PIN pad');
    await page.goto(ctx.ticket.url);
    const heading = await page.locator('h1').first().innerText();
    assert.ok(heading.includes('PIN pad rejects chip cards'),
              `the ticket's heading is "${heading}", not the title as typed`);
    assert.equal(await page.locator('#access-code').count(), 0,
                 'the access code is shown again on the ticket page');
    assert.ok((await text(page, 'section#snapshot')).includes(ctx.site.state.pinPadSerial),
              'the ticket page\'s snapshot lacks the PIN pad');
}

async function pinPadSwapShowsOnTicket(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const ticket = ctx.need(ctx.ticket, 'the ticket opened');
    const { site } = ctx;
    site.pos.setUsbSerial(PIN_PAD.vendor, PIN_PAD.product, NEW_PIN_PAD_SERIAL);
    await site.pos.once(site.base);
    ctx.swapped = true;
    await page.goto(ticket.url);
    await waitForText(page, 'section#changes-since', NEW_PIN_PAD_SERIAL);
    const changes = page.locator('section#changes-since li');
    assert.ok(await changes.count() >= 1, 'no li in section#changes-since');
    assert.ok((await text(page, 'section#snapshot')).includes(site.state.pinPadSerial),
              'the snapshot no longer shows the serial the ticket was opened with');
    for (const id of ['activity']) {
        assert.equal(await page.locator(`section#${id}`).count(), 1, `no section#${id}`);
    }
    for (const id of ['comment', 'status', 'escalate', 'assign']) {
        assert.equal(await page.locator(`form#${id}`).count(), 1, `no form#${id}`);
    }
    await ctx.ui.shot(page, 'ticket', { fullPage: true });
    await page.goto(ctx.devicePage);
    const peripherals = await text(page, 'section#peripherals');
    assert.ok(peripherals.includes(NEW_PIN_PAD_SERIAL), 'the device page lacks the new PIN pad');
    assert.ok(!peripherals.includes(site.state.pinPadSerial),
              'the device page still lists the replaced PIN pad');
    assert.ok((await text(page, 'section#history')).includes(NEW_PIN_PAD_SERIAL),
              'the history timeline does not show the new PIN pad');
    await page.goto(ctx.ui.url('/tickets'));
    assert.equal(await page.locator(`table#tickets tbody tr[data-ticket-number="${ticket.number}"]`)
        .count(), 1, `ticket ${ticket.number} is not in the tickets list`);
}

async function xssShownAsText(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    await page.goto(ctx.need(ctx.devicePage, 'the device found by search'));
    await waitForText(page, 'section#software', 'caja-pos');
    const filter = page.locator('section#software input[name=software_q]');
    await filter.fill('alert');
    await filter.press('Enter');
    await page.waitForLoadState();
    try {
        await page.waitForFunction(() => {
            const software = document.querySelector('section#software');
            return software && !software.innerText.includes('caja-pos');
        }, null, { timeout: 10_000 });
    } catch {
        assert.fail('filtering the software by "alert" still shows caja-pos');
    }
    const software = await text(page, 'section#software');
    assert.ok(software.includes(XSS_PACKAGE), `the software section does not show the text ` +
              `${XSS_PACKAGE}; it shows:\n${software.slice(0, 800)}`);
    assert.equal(await page.locator('section#software script').count(), 0,
                 'the package name became a script element');
    assert.deepEqual(ctx.ui.dialogs, [], 'a dialog opened');
    assert.deepEqual(ctx.ui.pageErrors, [], 'a page raised a script error');
}

export const scenarios = [
    ['sign-in: Spanish by default ("Iniciar sesión"), English with parque_lang=en',
     signInLanguages],
    ['technician: signs in (HttpOnly, Secure, SameSite=Strict session) and sees the menu',
     technicianSignsIn],
    ['technician: searching the PIN pad serial finds only the POS terminal', searchByPinPadSerial],
    ['technician: filtering the devices by site "Sucursal Centro" finds the POS terminal',
     siteFilter],
    ['technician: the device page lists PIN pad, printer and scanner with serials',
     devicePageShowsPeripherals],
    ['phone: devices, device and tickets pages fit a 390 px wide screen', phoneWidth],
    ['technician: the visit sheet shows the peripherals and prints on one A4 page', visitSheet],
    ['technician: opens a ticket from the device page; the ticket shows the snapshot', openTicket],
    ['technician: the agent reports a new PIN pad; the ticket lists it as changed since opening',
     pinPadSwapShowsOnTicket],
    ['technician: <script>alert(1)</script> in the software shows as text, no dialog',
     xssShownAsText],
];
