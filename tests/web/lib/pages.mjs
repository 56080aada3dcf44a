// Small page helpers shared by the scenarios (playwright-core has no `expect`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// Submits a form by clicking its submit button and waits for the page that answers.
export async function submit(page, form) {
    const [reply] = await Promise.all([
        page.waitForNavigation(),
        form.locator('button[type=submit], input[type=submit]').first().click(),
    ]);
    return reply;
}

// Fills `name` in the form: text inputs and textareas get `value`; a select gets the option
// whose value or label is `value`, or else its last non-empty option.
export async function fill(form, name, value) {
    const field = form.locator(`[name="${name}"]`).first();
    const tag = await field.evaluate((e) => e.tagName.toLowerCase());
    if (tag !== 'select') {
        await field.fill(value);
        return;
    }
    const options = await field.locator('option').evaluateAll(
        (all) => all.map((o) => ({ value: o.value, label: o.textContent.trim() })));
    const wanted = options.find((o) => o.value === value || o.label.toLowerCase() === value)
        ?? options.filter((o) => o.value).pop();
    assert.ok(wanted, `select ${name} has no option`);
    await field.selectOption(wanted.value);
}

export async function text(page, selector) {
    const found = page.locator(selector);
    assert.equal(await found.count(), 1, `${page.url()}: expected one ${selector}`);
    return found.innerText();
}

// Waits until `selector` is there and its visible text contains `wanted` (a string).
export async function waitForText(page, selector, wanted, timeout = 15_000) {
    try {
        await page.waitForFunction(([s, w]) => document.querySelector(s)?.innerText.includes(w),
                                   [selector, wanted], { timeout });
    } catch {
        const have = await page.locator(selector).first().innerText({ timeout: 1000 })
            .catch(() => '(missing)');
        assert.fail(`${page.url()}: ${selector} never showed "${wanted}"; it shows:\n` +
                    have.slice(0, 1500));
    }
}

// Clicks `link` and returns the downloaded file's text (the link must download, not render).
export async function download(page, link) {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const failure = await file.failure();
    assert.equal(failure, null, `download of ${file.url()} failed`);
    return { name: file.suggestedFilename(),
             text: readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '') };
}

// The lines of a CSV text (quoted fields kept as they are: enough to find values).
export function csvLines(csv) {
    return csv.split(/\r?\n/).filter((line) => line.length > 0);
}

// Number of pages in a PDF made by Chromium (the page tree's /Count).
export function pdfPageCount(pdf) {
    const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)]
        .concat([...pdf.toString('latin1').matchAll(/\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)]);
    assert.ok(counts.length > 0, 'no page tree in the PDF');
    return Math.max(...counts.map((m) => Number(m[1])));
}
