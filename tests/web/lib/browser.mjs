// Debian's Chromium driven by playwright-core. TLS is verified by pinning the collector's server
// key (--ignore-certificate-errors-spki-list accepts that key only; Playwright's own
// ignoreHTTPSErrors is never used). Every dialog any page opens is recorded and dismissed: the
// scenarios assert that none fired.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(spkiPin) {
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               `--ignore-certificate-errors-spki-list=${spkiPin}`],
    });
}

export class Ui {
    constructor(browser, base, screenshotDir) {
        this.browser = browser;
        this.base = base;
        this.screenshotDir = screenshotDir;
        this.dialogs = [];
        this.pageErrors = [];
        this.contexts = [];
        mkdirSync(screenshotDir, { recursive: true });
    }

    // A fresh profile (no cookies); `lang` sets the parque_lang cookie unless null.
    async context({ lang = 'en', viewport = { width: 1280, height: 860 } } = {}) {
        const context = await this.browser.newContext({ viewport, acceptDownloads: true,
                                                        locale: 'en-US' });
        context.setDefaultTimeout(15_000);
        context.on('dialog', (dialog) => {
            this.dialogs.push(`${dialog.type()}: ${dialog.message()} (${dialog.page()?.url()})`);
            dialog.dismiss().catch(() => {});
        });
        context.on('page', (page) => page.on('pageerror', (error) => {
            this.pageErrors.push(`${page.url()}: ${error.message}`);
        }));
        if (lang) {
            await context.addCookies([{ name: 'parque_lang', value: lang, url: this.base }]);
        }
        this.contexts.push(context);
        return context;
    }

    async page(options) {
        const context = await this.context(options);
        return context.newPage();
    }

    url(path) {
        return this.base + path;
    }

    // Signs in through form#signin; returns the page, left where the server sent it.
    async signIn(user, password, options) {
        const page = await this.page(options);
        await this.submitSignIn(page, user, password);
        return page;
    }

    async submitSignIn(page, user, password) {
        await page.goto(this.url('/signin'));
        const form = page.locator('form#signin');
        await form.locator('input[name=username]').fill(user);
        await form.locator('input[name=password]').fill(password);
        await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    }

    async shot(page, name, options = {}) {
        const file = join(this.screenshotDir, `${name}.png`);
        await page.screenshot({ path: file, ...options });
        return file;
    }

    // Posts a form built in the page's DOM (fields exactly as given, so no csrf unless given):
    // what a forged cross-site form would send, with this profile's cookies. The pages' CSP
    // (default-src 'none') rightly blocks fetch(), a form post is what it allows. Returns
    // { status, type } of the answer; the page is left on it.
    static async postForm(page, path, fields) {
        const [reply] = await Promise.all([
            page.waitForNavigation(),
            page.evaluate(([action, values]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                for (const [name, value] of Object.entries(values)) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }, [path, fields]),
        ]);
        return { status: reply.status(), type: reply.headers()['content-type'] ?? '' };
    }

    async close() {
        for (const context of this.contexts) {
            await context.close().catch(() => {});
        }
        await this.browser.close().catch(() => {});
    }
}
