// What the browser tests share: Debian's Chromium through playwright-core (never a
// downloaded browser), the addresses the Rust harness (crates/web/tests/browser.rs) serves,
// and the accessibility check with axe-core.
import { chromium } from "playwright-core";
import axe from "axe-core";
import assert from "node:assert/strict";

export const URL = process.env.SAILAU_URL;
export const CONTROL = process.env.SAILAU_CONTROL;
if (!URL) throw new Error("SAILAU_URL is not set: run these tests through `cargo test -p sailau-web --test browser`");

/// Chromium with the flags this machine's closed network needs.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.SAILAU_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/// A fresh reader: a new context (no cookies) with a page. `bypassCSP` only lets axe-core
/// run its script inside the page; the pages themselves are tested under their policy.
export async function reader(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { context, page, errors };
}

/// Runs axe-core on the page against WCAG 2.2 A and AA; fails naming every violation.
export async function accessible(page, what) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
  );
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.deepEqual(found, [], `${what}: accessibility violations:\n  ${found.join("\n  ")}`);
  return result.passes.length;
}

/// Waits until `check` holds (it is polled), or fails with `message`.
export async function until(check, message, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(message);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/// Asks the harness to change the election (move the clock, send turnout): its answer.
export async function control(path) {
  const r = await fetch(`${CONTROL}${path}`, { method: "POST" });
  assert.equal(r.status, 200, `control ${path}`);
  return r.text();
}

/// With SAILAU_SCREENSHOTS=DIR, keeps a picture of the page as DIR/NAME.png (for review and
/// documentation; the tests never look at them).
export async function snap(page, name) {
  const dir = process.env.SAILAU_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
