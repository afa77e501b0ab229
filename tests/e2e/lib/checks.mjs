// Checks run on many pages: axe-core's accessibility rules, and whether the page
// scrolls sideways. axe is evaluated through the browser protocol, which the
// page's Content-Security-Policy does not govern, so the policy stays as strict.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets checked: WCAG 2.1 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Fails with every violation axe finds on the page as it is now, named by `where`. */
export async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE);
  const violations = await page.evaluate(
    async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations,
    TAGS,
  );
  const report = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 3).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`,
  );
  assert.deepEqual(report, [], `axe on ${where}:\n  ${report.join('\n  ')}`);
}

/** Fails when the page is wider than the window (it scrolls sideways). */
export async function assertNoSideways(page, where) {
  const { scroll, width, widest } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let widest = '';
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && getComputedStyle(el).position !== 'absolute') {
        widest = `${el.tagName.toLowerCase()}.${el.className} (right edge ${Math.round(r.right)} px)`;
        break;
      }
    }
    return { scroll: document.documentElement.scrollWidth, width, widest };
  });
  assert.ok(scroll <= width, `${where}: the page is ${scroll} px wide in a ${width} px window; first too wide: ${widest}`);
}

/** Both checks on the page as it is now. */
export async function assertFitsAndAccessible(page, where) {
  await assertNoSideways(page, where);
  await assertAccessible(page, where);
}
