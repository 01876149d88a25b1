// The commissions' console on the CEC's service: a territorial commission signs in, finds in
// its inbox first what needs it (a precinct that sent a second, different protocol), has a
// summary that is not the sum refused and flagged, and signs the right one. The flags are
// public on the portal too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reader, accessible, control, snap, URL } from "./lib.mjs";

let browser;
let tc;
before(async () => {
  browser = await launch();
  tc = await reader(browser, { bypassCSP: true, locale: "en-US" });
});
after(async () => { await browser?.close(); });

test("a second, different protocol from a precinct is flagged for everyone to see", async () => {
  assert.equal(await control("/second-protocol"), "409");
  const r = await reader(browser, { locale: "en-US" });
  await r.page.goto(`${URL}/verify?lang=en`);
  const flags = r.page.getByRole("table").filter({ hasText: "second-protocol" });
  assert.match(await flags.textContent(), /p-00002\s*second-protocol/);
  await r.context.close();
});

test("a territorial commission finds the flagged precinct first in its inbox", async () => {
  const page = tc.page;
  await page.goto(`${URL}/console?lang=en`);
  assert.match(page.url(), /\/console\/login/);
  await page.getByLabel("Account").fill(process.env.SAILAU_TC);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "Wrong account or password." }).waitFor();
  await page.getByLabel("Account").fill(process.env.SAILAU_TC);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.match(await page.textContent("h1"), /^Inbox: /);
  await page.getByRole("heading", { name: "Needs attention (1)" }).waitFor();
  const first = page.locator("table.inbox tbody tr").first();
  assert.match(await first.textContent(), /second-protocol/, "the flagged precinct comes first");
  await accessible(page, "the inbox");
  await snap(page, "commission-inbox");
});

test("a summary that is not the sum is refused and flagged; the sum is signed", async () => {
  const page = tc.page;
  await page.getByLabel("The signed summary protocol (JSON)").setInputFiles(await control("/summary/wrong"));
  await page.getByRole("button", { name: "Upload" }).click();
  await page.getByRole("alert").filter({ hasText: /is refused: .*not the sum of its precincts/ }).waitFor();
  await page.getByRole("link", { name: "Go back" }).click();
  await page.getByRole("heading", { name: "Needs attention (2)" }).waitFor();
  await page.getByText(/summary-mismatch/).first().waitFor();
  await page.getByLabel("The signed summary protocol (JSON)").setInputFiles(await control("/summary/right"));
  await page.getByRole("button", { name: "Upload" }).click();
  await page.getByText("The signed summary is accepted.").waitFor();
  await page.getByRole("link", { name: "Go back" }).click();
  await page.getByText(/The territorial commission \(.*\) signed this sum at/).waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  assert.match(page.url(), /\/console\/login/);
});
