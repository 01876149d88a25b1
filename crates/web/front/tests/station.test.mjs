// Election day at one polling station, through its pages, then on the portal: the commission
// opens the polls; the desk issues a card, paper and the mobile box; a voter votes on the
// terminal in Russian, checks the terminal once and casts; the ballot box takes the card;
// turnout reaches the portal; at 20:00 the commission seals, counts the paper twice with its
// control relations checked as it types, takes the guardians' partial decryptions, signs and
// sends; the voter finds their code on the portal.
// Every page passes axe-core. The steps share one station, so they run in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reader, accessible, control, snap, URL } from "./lib.mjs";

const STATION = process.env.SAILAU_STATION;
const TERMINAL = `${STATION}/terminal/${process.env.SAILAU_TERMINAL}`;
const [A, B, C, D] = process.env.SAILAU_VOTERS.split(",");
let browser;
let commission; // the console, signed in
let code; // the cast ballot's confirmation code, as the terminal showed it
let challenged; // the code of the ballot the voter opened to check the terminal

before(async () => {
  browser = await launch();
  commission = await reader(browser, { bypassCSP: true, locale: "en-US" });
});
after(async () => { await browser?.close(); });

const console_ = () => commission.page;
const text = (page, selector) => page.textContent(selector);

test("the console needs the station's password", async () => {
  const page = console_();
  await page.goto(`${STATION}/console?lang=en`);
  assert.match(page.url(), /\/console\/login/);
  await accessible(page, "sign-in");
  await page.getByLabel("The station’s password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "Wrong password." }).waitFor();
  await page.getByLabel("The station’s password").fill(process.env.SAILAU_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.equal(await text(page, "h1"), "Precinct commission");
  // A form another site makes the commission's browser post, with its session, is refused.
  const cookie = (await commission.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const post = (origin) => fetch(`${STATION}/console/open`, { method: "POST", headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" }, body: "x=1" });
  assert.equal((await post("http://evil.example")).status, 403);
  assert.equal((await post(STATION)).status, 422, "from the station itself it is heard, and refused for its content");
});

test("the commission opens the polls with the paper received", async () => {
  const page = console_();
  await page.goto(`${STATION}/console`);
  const fields = page.getByLabel(/^Paper ballots received:/);
  const n = await fields.count();
  assert.equal(n, 5, "five contests on this station's ballot");
  for (let i = 0; i < n; i++) await fields.nth(i).fill("20");
  await page.getByRole("button", { name: "Open the polls" }).click();
  await page.getByText(/The polls were opened at/).waitFor();
  await accessible(page, "the console's overview");
});

test("the desk issues a card, paper, and the mobile box on a written request", async () => {
  const page = console_();
  const find = async (iin) => {
    await page.goto(`${STATION}/console/desk`);
    await page.getByLabel("Find a voter by IIN").fill(iin);
    await page.getByRole("button", { name: "Find", exact: true }).click();
  };
  await find(A);
  await page.getByText("Сайлаушы 1").waitFor();
  await accessible(page, "the desk with a voter found");
  await snap(page, "console-desk");
  await page.getByRole("button", { name: "Issue a card" }).click();
  await page.getByText("Card 0001 is written.").waitFor();
  await find(B);
  await page.getByRole("button", { name: "Issue paper ballots" }).click();
  await page.getByText(/Ballots for 5 contest\(s\) issued on paper/).waitFor();
  // Voter C asked for the mobile box this morning; written requests close at 12:00.
  await page.goto(`${STATION}/console/mobile`);
  await page.getByRole("cell", { name: C }).waitFor();
  await accessible(page, "the mobile box's list");
  // The observers accredited here: the first arrives, and the commission records it.
  await page.goto(`${STATION}/console/observers`);
  await page.getByRole("row").filter({ hasText: "obs-00001" }).getByRole("button", { name: "Arrived" }).click();
  await page.getByRole("row").filter({ hasText: "obs-00001" }).getByText(/present since \d\d:\d\d/).waitFor();
  await accessible(page, "the observers present");
  await find(D);
  await page.getByRole("button", { name: "Record a written request for the mobile box" }).click();
  await page.getByRole("alert").filter({ hasText: "mobile-box requests close at 12:00" }).waitFor();
  await find(C);
  await page.getByRole("button", { name: "Issue ballots for the mobile box" }).click();
  await page.getByText(/issued for the mobile box/).waitFor();
  await find(A);
  await page.getByRole("alert").filter({ hasText: "already received ballots (on a card)" }).waitFor();
  await find("123");
  await page.getByRole("alert").waitFor();
});

test("a voter votes on the terminal in Russian, checks the terminal once, and casts", async () => {
  const voter = await reader(browser, { bypassCSP: true, locale: "kk-KZ" });
  const page = voter.page;
  await page.goto(TERMINAL);
  assert.equal(await page.getAttribute("html", "lang"), "kk");
  await page.getByRole("link", { name: "Русский" }).click();
  assert.equal(await text(page, "h1"), "Добро пожаловать");
  await accessible(page, "the terminal's welcome");
  await page.getByLabel("Номер карты").fill("1");
  await page.getByRole("button", { name: "Вставить карту" }).click();
  // One screen per contest; the keyboard picks the first contest's second option.
  for (let i = 0; i < 5; i++) {
    await page.waitForURL(new RegExp(`/contest/${i}$`));
    assert.match(await text(page, ".step"), new RegExp(`Голосование ${i + 1} из 5`));
    if (i === 0) {
      await accessible(page, "a contest's screen");
      await snap(page, "terminal-contest");
      await page.locator("input[type=radio]").nth(1).focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Далее");
      await page.keyboard.press("Enter");
    } else if (i === 4) {
      await page.getByLabel(/Оставить без отметки/).check();
      await page.getByRole("button", { name: "Далее" }).click();
    } else {
      await page.locator(".choice label").nth(1).click();
      await page.getByRole("button", { name: "Далее" }).click();
    }
  }
  await page.waitForURL(/\/review$/);
  assert.equal(await text(page, "h1"), "Проверьте свой выбор");
  await accessible(page, "the review screen");
  await snap(page, "terminal-review");
  const review = await text(page, "table.review");
  assert.match(review, /Против всех|AMANAT|Ауыл/, "the choices are named");
  assert.match(review, /без отметки/, "the blank contest says so");
  await page.getByRole("button", { name: "Подтвердить выбор" }).click();
  challenged = (await text(page, "p.code")).trim();
  assert.match(challenged, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await accessible(page, "the code screen");
  await snap(page, "terminal-code");
  await page.getByRole("button", { name: "Вместо этого проверить терминал" }).click();
  assert.equal(await text(page, "h1"), "Терминал проверен");
  const opened = await text(page, "table");
  assert.match(opened, /без отметки/, "the opened ballot holds the blank the voter left");
  await accessible(page, "the opened ballot");
  await snap(page, "terminal-challenged");
  await page.getByRole("link", { name: "Проголосовать снова" }).click();
  // The screens remember the choices: the first screen, then straight to the review.
  assert.equal(await page.locator("input[type=radio]").nth(1).isChecked(), true);
  await page.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/\/review$/);
  assert.equal(await text(page, "h1"), "Проверьте свой выбор");
  await page.getByRole("button", { name: "Подтвердить выбор" }).click();
  code = (await text(page, "p.code")).trim();
  assert.notEqual(code, challenged, "a new encryption, a new code");
  await page.getByRole("button", { name: "Опустить бюллетень" }).click();
  await page.getByText("Ваш бюллетень на карте.").waitFor();
  assert.equal((await text(page, ".done p.code")).trim(), code);
  // The terminal keeps nothing it shows: its pages are never stored by the browser.
  const response = await page.goto(TERMINAL);
  assert.equal(response.headers()["cache-control"], "no-store");
  await voter.context.close();
});

test("the ballot box takes the card and shows the same code", async () => {
  const page = console_();
  await page.goto(`${STATION}/console/box`);
  await page.getByLabel("The card’s number").fill("1");
  await page.getByRole("button", { name: "Put in the card" }).click();
  await page.getByText("The ballot is in the box.").waitFor();
  assert.equal((await text(page, "strong.code")).trim(), code);
  await page.getByText(/also held 1 challenged ballot/).waitFor();
  await accessible(page, "the ballot box");
  await page.getByLabel("The card’s number").fill("1");
  await page.getByRole("button", { name: "Put in the card" }).click();
  await page.getByRole("alert").filter({ hasText: "the card is blank" }).waitFor();
});

test("the station's turnout reaches the portal", async () => {
  assert.equal(await control("/turnout/next"), "16:00");
  const page = console_();
  await page.goto(`${STATION}/console`);
  await page.getByRole("button", { name: "Send the turnout due now" }).click();
  const cells = (page, table, header) =>
    page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: header, exact: true }) }).getByRole("cell").allTextContents();
  assert.deepEqual(await cells(page, "Turnout", "16:00"), ["3", "accepted"], "three voters by 16:00, accepted by the CEC");
  const reader_ = await reader(browser, { locale: "en-US" });
  await reader_.page.goto(`${URL}/?lang=en`);
  await reader_.page.getByText("Turnout at 16:00").waitFor();
  const astana = await cells(reader_.page, "Turnout by region", "Astana");
  assert.deepEqual(astana.slice(0, 2), ["3", "6"], "the station's three voters of six, in its region");
  await reader_.context.close();
});

test("the commission closes: seal, terminals, the paper count twice, the guardians, sign and send", async () => {
  assert.equal(await control("/clock/evening"), "20:05");
  const page = console_();
  await page.goto(`${STATION}/console/close`);
  await page.getByRole("button", { name: "Seal the station" }).click();
  await page.getByText(/The station was sealed at/).waitFor();
  await page.getByRole("button", { name: "Collect the terminals’ statements" }).click();
  await page.getByText("1 of 1 terminals have declared").waitFor();

  // The paper count: one ballot in the station box, one in the mobile box, both for the
  // first option; eighteen unused of twenty.
  await page.goto(`${STATION}/console/count`);
  await accessible(page, "the paper count");
  const forms = page.locator("form[data-check]");
  const fill = async (form, member, figures) => {
    await form.getByLabel("Member’s name").fill(member);
    for (const [label, value] of Object.entries(figures)) await form.getByLabel(label, { exact: true }).fill(String(value));
  };
  const right = { Spoiled: 0, Unused: 18, "Found in the stationary boxes": 1, "Found in the mobile box": 1, Invalid: 0 };
  const votes = async (form, first) => {
    const boxes = form.locator("fieldset").nth(1).locator("input");
    const n = await boxes.count();
    for (let i = 0; i < n; i++) await boxes.nth(i).fill(i === 0 ? String(first) : "0");
  };
  const count = await forms.count();
  assert.equal(count, 5);
  // While member A types a wrong figure, the relation it breaks is named at once.
  const first = forms.nth(0);
  await fill(first, "Member A", { ...right, "Found in the stationary boxes": 3 });
  await votes(first, 2);
  await first.locator("[aria-live]").filter({ hasText: "Ballots found in the stationary boxes (3) > ballots issued in the station (1)." }).waitFor();
  await first.getByLabel("Found in the stationary boxes", { exact: true }).fill("1");
  await first.locator("[aria-live]").filter({ hasText: "The control relations hold so far." }).waitFor();
  for (let i = 0; i < count; i++) {
    const form = page.locator("form[data-check]").nth(i);
    await fill(form, "Member A", right);
    await votes(form, 2);
    await form.getByRole("button", { name: "Enter this count" }).click();
  }
  // Member B miscounts the first contest: the entries differ and nothing is taken.
  const b = page.locator("form[data-check]").nth(0);
  await fill(b, "Member B", { ...right, Invalid: 1 });
  await votes(b, 1);
  await b.getByRole("button", { name: "Enter this count" }).click();
  await page.getByText("The entries differ; recount:").first().waitFor();
  for (let i = 0; i < count; i++) {
    const form = page.locator("form[data-check]").nth(i);
    await fill(form, "Member B", right);
    await votes(form, 2);
    await form.getByRole("button", { name: "Enter this count" }).click();
  }
  assert.equal(await page.getByText("Two entries agree: the count is taken.").count(), 5);
  await snap(page, "console-count");

  // The guardians answer on their own machines; a forged answer is refused by its proof.
  await page.goto(`${STATION}/console/close`);
  await page.getByText("0 of 5 guardians have answered; 3 are needed.").waitFor();
  await page.getByLabel("A guardian’s partial decryption (JSON)").setInputFiles(await control("/guardians/forged"));
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: /The partial decryption is refused: .*does not prove/ }).waitFor();
  await page.goto(`${STATION}/console/close`);
  for (const g of ["1", "2", "4"]) {
    await page.getByLabel("A guardian’s partial decryption (JSON)").setInputFiles(await control(`/guardians/${g}`));
    await page.getByRole("button", { name: "Add", exact: true }).click();
  }
  await page.getByText("3 of 5 guardians have answered; 3 are needed.").waitFor();
  await accessible(page, "closing");
  await snap(page, "console-closing");
  await page.getByRole("button", { name: "Sign the protocol" }).click();
  await page.getByText("The protocol is signed.").waitFor();
  await page.getByText("Every control relation holds.").first().waitFor();
  await page.getByRole("button", { name: "Send to the CEC" }).click();
  await page.getByText("The protocol and the record are with the CEC.").waitFor();
});

test("the voter finds their ballot on the portal by the code the terminal showed", async () => {
  const voter = await reader(browser, { locale: "ru-RU" });
  const page = voter.page;
  await page.goto(`${URL}/verify`);
  await page.getByLabel("Код подтверждения").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Проверить" }).click();
  await page.getByText("Ваш бюллетень на доске объявлений.").waitFor();
  assert.match(await text(page, ".found"), /Участок № 1/);
  assert.match(await text(page, ".found"), /опущен: учтён/);
  await page.getByLabel("Код подтверждения").fill(challenged);
  await page.getByRole("button", { name: "Проверить" }).click();
  assert.match(await text(page, ".found"), /оспорен/);
  // The station's protocol, as signed, on the portal.
  await page.goto(`${URL}/precincts/${process.env.SAILAU_STATION_PRECINCT}?lang=en`);
  await page.getByText(/The protocol was accepted at/).waitFor();
  await voter.context.close();
});
