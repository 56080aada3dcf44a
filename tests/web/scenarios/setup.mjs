// Setup as steps of its own, so a run before the pages exist still shows what works: the
// collector, the users, the agents' reports, and Chromium over pinned TLS.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { launchChromium, Ui } from '../lib/browser.mjs';
import { PIN_PAD, XSS_PACKAGE } from '../lib/site.mjs';

async function collectorStarts({ site }) {
    await site.start();
    assert.ok(site.collector.port > 0, 'no port read from the collector log');
}

async function usersAdded(ctx) {
    ctx.need(ctx.site.collector.port, 'the collector');
    await ctx.site.addUsers();
    ctx.usersReady = true;
}

async function agentsReport(ctx) {
    const { site } = ctx;
    ctx.need(site.collector.port, 'the collector');
    await site.enrolHosts();
    const pinPad = site.pos.usbSerial(PIN_PAD.vendor, PIN_PAD.product);
    const pos = await site.collector.api(`/api/v1/devices/${site.pos.deviceId}`);
    const usb = pos.inventory.usbdevices ?? [];
    assert.ok(usb.some((d) => d.serial === pinPad),
              `the PIN pad ${pinPad} is not in the stored inventory: ${JSON.stringify(usb)}`);
    const names = (pos.inventory.softwares ?? []).map((s) => s.name);
    assert.ok(names.includes(XSS_PACKAGE), `${XSS_PACKAGE} was not stored as a package name`);
    const laptop = await site.collector.api(`/api/v1/devices/${site.laptop.deviceId}`);
    assert.ok(laptop.inventory, 'the laptop has no stored inventory');
    site.state.pinPadSerial = pinPad;
    ctx.devicesReady = true;
}

async function chromiumPinnedTls(ctx) {
    const { site } = ctx;
    ctx.need(site.collector.port, 'the collector');
    // A wrong pin first: the collector's self-made CA is not trusted, so without the right pin
    // Chromium must refuse the connection (TLS is really checked, not switched off).
    const wrong = await launchChromium(randomBytes(32).toString('base64'));
    try {
        const page = await wrong.newPage();
        await assert.rejects(page.goto(`${site.base}/healthz`), /ERR_CERT/,
                             'Chromium accepted the collector without its key pinned');
    } finally {
        await wrong.close();
    }
    ctx.ui = new Ui(await launchChromium(site.collector.spkiPin()), site.base, ctx.screenshots);
    const page = await ctx.ui.page();
    const reply = await page.goto(`${site.base}/healthz`);
    assert.equal(reply.status(), 200);
    const tls = await reply.securityDetails();
    assert.match(tls?.protocol ?? '', /^TLS 1\.[23]$/, `TLS details: ${JSON.stringify(tls)}`);
    const issuer = site.collector.serverCertificate().issuer;
    assert.ok(issuer.includes(`CN=${tls.issuer}`),
              `the page's certificate was issued by ${tls.issuer}, the server's by ${issuer}`);
    await page.screenshot({ path: `${site.dir}/healthz.png` });
    await page.close();
}

export const scenarios = [
    ['setup: the collector starts on loopback and answers /healthz', collectorStarts],
    ['setup: one user per role is added with `parque-collector user add`', usersAdded],
    ['setup: the real agent enrols the POS terminal and the laptop and reports them', agentsReport],
    ['setup: Chromium loads /healthz over TLS pinned to the server key (a wrong pin is refused)',
     chromiumPinnedTls],
];
