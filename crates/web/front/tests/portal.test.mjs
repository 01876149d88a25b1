// The results portal as readers use it: languages, text size and contrast, the keyboard,
// the way down to a precinct's protocol, "check my ballot", turnout that updates while the
// page is open, and an accessibility check of every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reader, accessible, until, control, URL } from "./lib.mjs";

const REGION = process.env.SAILAU_REGION;
const PRECINCT = process.env.SAILAU_PRECINCT;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the national page speaks Kazakh, Russian and English, and keeps the reader's choice", async () => {
  // A browser that asks for none of the three gets Kazakh, the state language.
  const { page, context, errors } = await reader(browser, { locale: "de-DE" });
  await page.goto(`${URL}/`);
  assert.equal(await page.getAttribute("html", "lang"), "kk");
  assert.equal(await page.textContent("h1"), "Қорытындылар");
  await page.getByRole("link", { name: "Русский" }).click();
  assert.equal(await page.getAttribute("html", "lang"), "ru");
  assert.equal(await page.textContent("h1"), "Итоги");
  await page.getByRole("navigation", { name: "Главное меню" }).getByRole("link", { name: "Проверка" }).click();
  assert.equal(await page.textContent("h1"), "Проверьте выборы", "the language stays on the next page");
  await page.getByRole("link", { name: "English" }).click();
  assert.equal(await page.textContent("h1"), "Verify the election");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the reader sets the text size and high contrast, and the page follows", async () => {
  const { page, context } = await reader(browser);
  await page.goto(`${URL}/?lang=en`);
  const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  assert.equal(await size(), "16px");
  await page.getByRole("link", { name: "Text size 150%" }).click();
  assert.equal(await size(), "24px");
  await page.getByRole("button", { name: "High contrast" }).click();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(0, 0, 0)");
  assert.equal(await page.getByRole("button", { name: "High contrast" }).getAttribute("aria-pressed"), "true");
  await accessible(page, "the national page at 150% in high contrast");
  await context.close();
});

test("the keyboard reaches the content first", async () => {
  const { page, context } = await reader(browser);
  await page.goto(`${URL}/?lang=en`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to the content");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  await context.close();
});

test("a reader goes down from the nation to a precinct's signed protocol", async () => {
  const { page, context, errors } = await reader(browser);
  await page.goto(`${URL}/?lang=en`);
  const table = page.getByRole("table", { name: "Turnout by region" });
  await table.getByRole("link").first().waitFor();
  await page.goto(`${URL}/units/${REGION}?lang=en`);
  const status = await page.textContent("#status");
  assert.match(status, /of \d+ precincts? ha(s|ve) reported/);
  await page.getByRole("table").filter({ hasText: "Reported" }).getByRole("link").first().click();
  await page.getByRole("link", { name: /^Precinct No\. \d+$/ }).first().click();
  assert.match(await page.textContent("h1"), /^Precinct No\. \d+$/);
  await page.getByText("Every control relation holds.").first().waitFor();
  await page.getByRole("button", { name: "Print" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("a voter checks a code that is not on the board yet, and is told why", async () => {
  const { page, context } = await reader(browser);
  await page.goto(`${URL}/verify?lang=en`);
  await page.getByLabel("Confirmation code").fill("7k2m 9qxd 4h8b zt3w");
  await page.getByRole("button", { name: "Check" }).click();
  await page.getByText("No ballot with this code is on the board yet.").waitFor();
  await page.getByText(/0 of 4 precincts have published so far/).waitFor();
  await page.getByLabel("Confirmation code").fill("nonsense");
  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("alert").filter({ hasText: "This is not a confirmation code" }).waitFor();
  await context.close();
});

test("an observer finds the audit of the paper count from the verification page", async () => {
  const { page, context } = await reader(browser);
  await page.goto(`${URL}/verify?lang=en`);
  await page.getByRole("link", { name: /The audit of the paper count/ }).click();
  await page.waitForURL(/\/paper-audit/);
  await page.getByRole("heading", { name: "The audit of the paper count" }).waitFor();
  // Two of four precincts have reported: no plan can be made yet, and the page says so.
  await page.getByText("No audit of the paper count has been published yet.").waitFor();
  await context.close();
});

test("turnout updates on an open page when the next hour is published", async () => {
  const { page, context, errors } = await reader(browser);
  await page.clock.install();
  await page.goto(`${URL}/?lang=en`);
  const turnout = () => page.textContent("#turnout");
  assert.match(await turnout(), /Turnout at 12:00/);
  assert.equal(await control("/turnout/next"), "14:00");
  await page.clock.runFor(31_000);
  await until(async () => /Turnout at 14:00/.test(await turnout()), "the 14:00 turnout never appeared on the open page");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the registries show the calendar, the candidates and the missions", async () => {
  const { page, context, errors } = await reader(browser);
  await page.goto(`${URL}/?lang=en`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registries" }).click();
  assert.equal(await page.textContent("h1"), "Candidates, money and observers");
  const candidates = page.getByRole("table", { name: "Candidates" });
  assert.equal(await candidates.getByRole("row", { name: /Single seats/ }).getByRole("cell").nth(3).textContent(), "19.54%");
  await page.getByRole("table", { name: "International missions" }).getByRole("cell", { name: "Eoghan Murphy" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("every page passes the accessibility check in every language", async () => {
  const pages = ["/", `/units/${REGION}`, `/precincts/${PRECINCT}`, "/verify", "/verify/ballot?code=7K2M-9QXD-4H8B-ZT3W", "/verify/ballot?code=x", "/units/nowhere", "/register", "/paper-audit"];
  for (const lang of ["kk", "ru", "en"]) {
    const { page, context } = await reader(browser, { bypassCSP: true });
    for (const path of pages) {
      const sep = path.includes("?") ? "&" : "?";
      await page.goto(`${URL}${path}${sep}lang=${lang}`);
      await accessible(page, `${path} in ${lang}`);
    }
    await context.close();
  }
});
