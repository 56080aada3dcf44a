// What must be refused: a technician on the admin pages (while an admin gets them), form posts
// without the right CSRF field, and pages without a session.
import assert from 'node:assert/strict';

import { Ui } from '../lib/browser.mjs';

async function technicianRefusedAdmin(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const reply = await page.goto(ctx.ui.url('/admin/users'));
    assert.equal(reply.status(), 403, 'a technician was not refused /admin/users');
    assert.match(reply.headers()['content-type'] ?? '', /^text\/html/,
                 'the refusal is not an HTML page');
    assert.ok(!(await page.locator('body').innerText()).includes('boss'),
              'the refusal page lists users');
    const admin = await ctx.ui.signIn('admin', ctx.site.users.admin.password);
    assert.equal(await admin.locator('nav a[href="/admin/users"]').count(), 1,
                 'an admin has no link to the admin pages');
    const allowed = await admin.goto(ctx.ui.url('/admin/users'));
    assert.equal(allowed.status(), 200, 'an admin was refused /admin/users');
    const users = await admin.locator('body').innerText();
    for (const name of ['tech', 'boss', 'cajero']) {
        assert.ok(users.includes(name), `the users page does not list ${name}`);
    }
    await admin.context().close();
}

async function csrfRefused(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    const deviceId = ctx.need(ctx.site.pos?.deviceId, 'the enrolled POS terminal');
    await page.goto(ctx.ui.url('/tickets'));
    const before = await page.locator('table#tickets tbody tr[data-ticket-number]').count();
    const ticket = { title: 'posted without a token', description: 'must be refused',
                     urgency: 'high', device_id: deviceId };
    const attempts = [
        ['/tickets', ticket],
        ['/tickets', { ...ticket, csrf: 'not-the-token-of-this-session' }],
        ['/signout', {}],
    ];
    for (const [path, fields] of attempts) {
        const reply = await Ui.postForm(page, path, fields);
        assert.equal(reply.status, 403, `POST ${path} ${JSON.stringify(Object.keys(fields))} ` +
                     `without a valid csrf field answered ${reply.status}`);
        assert.match(reply.type, /^text\/html/, `the refusal of POST ${path} is not HTML`);
    }
    await page.goto(ctx.ui.url('/tickets'));
    assert.equal(new URL(page.url()).pathname, '/tickets', 'the refused sign-out signed out');
    assert.equal(await page.locator('table#tickets tbody tr[data-ticket-number]').count(), before,
                 'a refused post still made a ticket');
}

async function signedOutSentToSignIn(ctx) {
    const page = await ctx.ui.page();
    for (const path of ['/devices', '/admin/users', `/devices/${ctx.site.pos?.deviceId}`]) {
        const reply = await page.goto(ctx.ui.url(path));
        assert.equal(new URL(page.url()).pathname, '/signin',
                     `without a session ${path} answered ${reply.status()} at ${page.url()}`);
    }
    await page.goto(ctx.ui.url('/signin'));
    const reply = await Ui.postForm(page, '/tickets', { title: 'signed out' });
    assert.ok(reply.status === 401 || reply.status === 403,
              `a signed-out POST /tickets answered ${reply.status}`);
    await page.context().close();
}

export const scenarios = [
    ['refusals: a technician gets a 403 page on /admin/users; an admin gets the users',
     technicianRefusedAdmin],
    ['refusals: form posts without or with a wrong csrf field get 403', csrfRefused],
    ['refusals: without a session /devices leads to the sign-in page', signedOutSentToSignIn],
];
