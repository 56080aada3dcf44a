// Browser test of the collector's web interface: Debian's Chromium (/usr/bin/chromium) driven by
// playwright-core, headless, against a real parque-collector on loopback.
//
// README. `scripts/install-deps` installs chromium and runs `npm ci` here (playwright-core is the
// only dependency, pinned in package.json). ctest runs this file as "web: the pages work in a real
// Chromium"; by hand:
//   node tests/web/browser_test.mjs --collector build/x/collector/parque-collector \
//        --agent build/x/agent/parque-agent --fixtures tests/fixtures [--keep]
// It makes a temp dir, starts the collector there (its own config file and data dir, port chosen
// by the kernel), adds one user per role with `parque-collector user add`, enrols the
// pos-terminal and laptop fixture hosts with the real agent (`token create` + `parque-agent
// enroll` + `once` on a copy of each tree; the POS copy's dpkg status gains a package named
// <script>alert(1)</script>), then launches Chromium with the collector's server key pinned
// (--ignore-certificate-errors-spki-list) and runs the scenarios in order (scenarios/*.mjs):
// sign-in and languages, device search by PIN pad serial and by site, device page, phone width,
// visit sheet (one A4 page as PDF), opening a ticket, the PIN pad swapped by a second agent run
// showing under "changed since opening", the manager's dashboard, CSV exports, the XSS sample
// shown as text with no dialog, role and CSRF refusals, the customer lookup, sign-out and
// lock-out. A step that needs what an earlier one failed to provide fails with "not run: needs". Screenshots go to the temp dir, or to
// docs/screenshots/ when PARQUE_SCREENSHOTS=1 (how the README's pictures are made). --keep leaves
// the temp dir (collector data, agent state, fixture copies) for debugging.
import { after, before, test } from 'node:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { CHROMIUM, launchChromium, Ui } from './lib/browser.mjs';
import { Site } from './lib/site.mjs';
import { scenarios as setupScenarios } from './scenarios/setup.mjs';
import { scenarios as technicianScenarios } from './scenarios/technician.mjs';
import { scenarios as refusalScenarios } from './scenarios/refusals.mjs';
import { scenarios as managerScenarios } from './scenarios/manager.mjs';
import { scenarios as publicScenarios } from './scenarios/public.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: {
    collector: { type: 'string' }, agent: { type: 'string' }, fixtures: { type: 'string' },
    keep: { type: 'boolean', default: false },
} });
for (const name of ['collector', 'agent', 'fixtures']) {
    if (!args[name] || !existsSync(args[name])) {
        console.error(`usage: browser_test.mjs --collector FILE --agent FILE --fixtures DIR ` +
                      `[--keep] (--${name} missing or not found)`);
        process.exit(2);
    }
}
if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: run scripts/install-deps`);
    process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'parque-web-'));
const site = new Site({ collector: resolve(args.collector), agent: resolve(args.agent),
                        fixtures: resolve(args.fixtures), dir });
const screenshots = process.env.PARQUE_SCREENSHOTS === '1'
    ? resolve(here, '..', '..', 'docs', 'screenshots') : join(dir, 'screenshots');
const ctx = { site, ui: null, screenshots, failures: 0 };

// Whatever happens (a failed assertion, Ctrl-C), no collector outlives the test.
process.on('exit', () => site.collector.killNow());
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => process.exit(130));
}

// Steps that need an earlier one fail with this instead of a confusing page error.
ctx.need = (value, what) => {
    if (!value) {
        throw new Error(`not run: needs ${what}, which an earlier step did not provide`);
    }
    return value;
};

before(async () => {
    console.log(`# temp dir ${dir}; screenshots in ${screenshots}`);
});

after(async () => {
    await ctx.ui?.close();
    await site.collector.stop();
    if (site.collector.process && ctx.failures > 0) {
        console.log(`# collector output (last lines):\n${site.collector.output(40)
            .replace(/^/gm, '#   ')}`);
    }
    if (args.keep) {
        console.log(`# kept ${dir}`);
    } else {
        rmSync(dir, { recursive: true, force: true });
    }
});

const all = [...setupScenarios, ...technicianScenarios, ...refusalScenarios,
             ...managerScenarios, ...publicScenarios];
for (const [name, body] of all) {
    test(name, { timeout: 90_000 }, async () => {
        try {
            await body(ctx);
        } catch (error) {
            ctx.failures += 1;
            throw error;
        }
    });
}
