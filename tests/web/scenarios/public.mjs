// Without a session: the customer's ticket lookup; then signing out, and the lock-out after
// repeated wrong passwords.
import assert from 'node:assert/strict';

import { submit, text } from '../lib/pages.mjs';

async function lookup(page, ui, number, code) {
    await page.goto(ui.url('/lookup'));
    const form = page.locator('form#lookup');
    await form.locator('input[name=number]').fill(number);
    await form.locator('input[name=code]').fill(code);
    return submit(page, form);
}

async function customerLookup(ctx) {
    const ticket = ctx.need(ctx.ticket, 'the ticket opened');
    const page = await ctx.ui.page();
    await lookup(page, ctx.ui, ticket.number, ticket.code);
    await ctx.ui.shot(page, 'lookup', { fullPage: true });
    const result = await text(page, 'section#lookup-result');
    assert.ok(result.includes('PIN pad rejects chip cards'), `lookup shows:\n${result}`);
    const last = ticket.code.toUpperCase().endsWith('A') ? 'B' : 'A';
    const wrongCode = ticket.code.slice(0, -1) + last;
    const reply = await lookup(page, ctx.ui, ticket.number, wrongCode);
    assert.notEqual(reply?.status(), 200, 'a wrong access code was answered 200');
    assert.ok(!(await page.locator('body').innerText()).includes('PIN pad rejects chip cards'),
              'a wrong access code showed the ticket title');
    assert.ok((await page.locator('.error').count()) >= 1, 'a wrong access code shows no error');
    await page.context().close();
}

async function signOut(ctx) {
    const page = ctx.need(ctx.tech, 'the technician signed in');
    await page.goto(ctx.ui.url('/devices'));
    const session = (await page.context().cookies()).find((c) => c.name !== 'parque_lang' &&
                                                                 c.name !== 'parque_csrf');
    assert.ok(session, 'no session cookie to sign out of');
    await submit(page, page.locator('form#signout'));
    await page.goto(ctx.ui.url('/devices'));
    assert.equal(new URL(page.url()).pathname, '/signin', 'still signed in after signing out');
    // the old session cookie, replayed from another profile, is dead on the server too
    const replay = await ctx.ui.context();
    await replay.addCookies([{ name: session.name, value: session.value, url: ctx.ui.base }]);
    const again = await replay.newPage();
    await again.goto(ctx.ui.url('/devices'));
    assert.equal(new URL(again.url()).pathname, '/signin', 'the signed-out session still works');
    await replay.close();
}

async function lockOut(ctx) {
    ctx.need(ctx.usersReady, 'the users');
    const page = await ctx.ui.page();
    let message = '';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
        await ctx.ui.submitSignIn(page, 'cajero', `wrong-${attempt}`);
        assert.equal(new URL(page.url()).pathname, '/signin',
                     `wrong password ${attempt} signed in`);
        message = await text(page, '.error');
    }
    await ctx.ui.submitSignIn(page, 'cajero', ctx.site.users.cajero.password);
    assert.equal(new URL(page.url()).pathname, '/signin',
                 'the right password signed in right after five wrong ones');
    message = await text(page, '.error');
    assert.match(message, /\d+\s*(s|sec|seconds?|min|minutes?)\b/i,
                 `the lock-out message does not say how long to wait: "${message}"`);
}

export const scenarios = [
    ['lookup: ticket number + access code shows the ticket signed out; a wrong code does not',
     customerLookup],
    ['sign-out: form#signout ends the session', signOut],
    ['lock-out: five wrong passwords lock the account; the message says how long', lockOut],
];
