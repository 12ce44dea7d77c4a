// Every question type, answered with the keyboard alone, with axe-core
// finding no violation on the question and on the thank-you screen; Escape
// dismisses and is recorded; focus goes back where it was.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, openPage, widgetReady, dialog, responses, axe, eventually } from "./lib.mjs";

const manual = (id, question) => ({
  id,
  trigger: { type: "manual" },
  frequency: { show: "always", recontact_days: 0 },
  questions: [question],
  thank_you: { title: "Thank you!", body: "That helps us a lot." },
});

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  surveys: [
    manual("nps", { id: "q", type: "nps", required: true, prompt: "How likely are you to recommend us?" }),
    manual("rating", { id: "q", type: "rating", scale: 5, style: "stars", required: true, prompt: "How was checkout?" }),
    manual("emoji", { id: "q", type: "rating", scale: 5, style: "emoji", prompt: "How do you feel?" }),
    manual("single", {
      id: "q", type: "single_choice", required: true, allow_other: true, prompt: "What stopped you?",
      choices: [{ id: "price", label: "Price" }, { id: "shipping", label: "Shipping" }, { id: "browsing", label: "Just browsing" }],
    }),
    manual("other", {
      id: "q", type: "single_choice", required: true, allow_other: true, prompt: "What stopped you?",
      choices: [{ id: "price", label: "Price" }],
    }),
    manual("multi", {
      id: "q", type: "multiple_choice", max_selections: 2, prompt: "What do you shop for?",
      choices: [{ id: "shoes", label: "Shoes" }, { id: "bags", label: "Bags" }, { id: "hats", label: "Hats" }],
    }),
    manual("text", { id: "q", type: "text", multiline: true, max_length: 500, prompt: "Anything else?" }),
    manual("email", { id: "q", type: "email", required: true, prompt: "Where can we send the offer?" }),
    manual("cta", { id: "q", type: "cta", prompt: "Here is 10% off", button: "Copy code", code: "SAVE10" }),
    {
      ...manual("two", { id: "first", type: "nps", prompt: "How likely?" }),
      questions: [
        { id: "first", type: "nps", prompt: "How likely?" },
        { id: "second", type: "text", prompt: "Why?" },
      ],
    },
  ],
};

let shop, browser;
before(async () => {
  shop = await startShop({ siteConfig: SITE, pages: { "/": storePage() } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

/** Keys that answer each survey, starting with focus on the first control. */
const ANSWER = {
  nps: [["ArrowRight", 9], ["Tab"], ["Enter"]],
  rating: [["ArrowRight", 3], ["Tab"], ["Enter"]],
  emoji: [["ArrowRight", 1], ["Tab"], ["Enter"]],
  single: [["ArrowDown"], ["Tab"], ["Enter"]],
  other: [["ArrowDown"], ["Tab"], ["type", "Too far away"], ["Tab"], ["Enter"]],
  multi: [["Space"], ["Tab"], ["Tab"], ["Space"], ["Tab"], ["Enter"]],
  text: [["type", "Lovely shop,\nkeep it up"], ["Tab"], ["Enter"]],
  email: [["type", "shopper@example.com"], ["Enter"]],
  cta: [["Enter"], ["Tab"], ["Enter"]],
};
const EXPECTED = {
  nps: 9,
  rating: 4,
  emoji: 2,
  single: "shipping",
  other: { other: "Too far away" },
  multi: ["shoes", "hats"],
  text: "Lovely shop,\nkeep it up",
  email: "shopper@example.com",
  cta: "clicked",
};

async function press(page, steps) {
  for (const [key, arg] of steps) {
    if (key === "type") await page.keyboard.type(arg);
    else for (let i = 0; i < (arg ?? 1); i++) await page.keyboard.press(key);
  }
}

test("every question type is answered by keyboard alone, with no axe-core violation", async () => {
  const { page, problems } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  for (const id of Object.keys(ANSWER)) {
    await page.focus("#buy");
    await page.evaluate((s) => window.exitpoll.show(s), id);
    const d = dialog(page);
    await d.waitFor({ state: "visible" });
    assert.deepEqual(await axe(page), [], `${id}: axe on the question`);
    await press(page, ANSWER[id]);
    await d.locator("[part=thanks]").waitFor({ timeout: 3000 }).catch(async () => {
      throw new Error(`${id}: no thank-you screen; dialog says: ${await d.textContent()}`);
    });
    assert.deepEqual(await axe(page), [], `${id}: axe on the thank-you screen`);
    const status = await page.evaluate(() => document.querySelector("exitpoll-widget").shadowRoot.querySelector("[role=status]").textContent);
    assert.match(status, /Thank you!/, `${id}: the thank-you screen is announced`);
    await page.keyboard.press("Escape");
    await page.locator("exitpoll-widget").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement.id), "buy", `${id}: focus went back`);
  }
  const rows = await eventually(() => {
    const r = responses(shop.db).filter((x) => x.status === "completed");
    return r.length === Object.keys(ANSWER).length ? r : null;
  });
  assert.ok(rows, `all completed: ${JSON.stringify(responses(shop.db).map((r) => [r.survey_id, r.status]))}`);
  for (const r of rows) assert.deepEqual(r.answers.q, EXPECTED[r.survey_id], r.survey_id);
  assert.deepEqual(problems, []);
});

test("a required answer is asked for; Escape dismisses and is recorded", async () => {
  const { page } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("email"));
  const d = dialog(page);
  await d.waitFor();
  await page.keyboard.press("Enter");
  assert.equal(await d.locator("[role=alert]").textContent(), "Please answer this question.");
  assert.equal(await d.locator("input").getAttribute("aria-invalid"), "true");
  await page.keyboard.type("not-an-email");
  await page.keyboard.press("Enter");
  assert.equal(await d.locator("[role=alert]").textContent(), "Please enter a valid email address.");
  await page.keyboard.press("Escape");
  await page.locator("exitpoll-widget").waitFor({ state: "detached" });
  const row = await eventually(() => responses(shop.db).find((r) => r.survey_id === "email" && r.status === "dismissed"));
  assert.ok(row, "the dismissal is stored");
});

/** The label (or text, or value) of the element focused in the page, inside the widget or not. */
const focused = (page) =>
  page.evaluate(() => {
    const root = document.querySelector("exitpoll-widget")?.shadowRoot;
    const a = root?.activeElement;
    if (a) return a.getAttribute("aria-label") || a.textContent || a.value;
    return `outside:${document.activeElement?.id || document.activeElement?.tagName}`;
  });

test("a corner survey lets Tab go on to the page; progress is shown", async () => {
  const { page } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("two"));
  const d = dialog(page);
  await d.waitFor();
  assert.equal(await d.locator("[part=step]").textContent(), "Question 1 of 2");
  assert.equal(await d.getAttribute("aria-modal"), null, "a corner survey is not modal");
  assert.equal(await focused(page), "0", "show() from the page moves the focus to the first control");
  const seen = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    seen.push(await focused(page));
  }
  assert.deepEqual(seen.slice(0, 1), ["Next"]);
  assert.ok(seen.slice(1).some((f) => f.startsWith("outside")), `Tab is not trapped in a non-modal dialog: ${seen}`);
});

test("a centred modal survey keeps Tab inside, wrapping from the last control to the first", async () => {
  const modal = await startShop({ siteConfig: { ...SITE, theme: { position: "center" } }, pages: { "/": storePage() } });
  try {
    const { page } = await openPage(browser, `${modal.shop}/`);
    await widgetReady(page);
    await page.evaluate(() => window.exitpoll.show("two"));
    const d = dialog(page);
    await d.waitFor();
    assert.equal(await d.getAttribute("aria-modal"), "true");
    const seen = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      seen.push(await focused(page));
    }
    assert.ok(!seen.some((f) => f.startsWith("outside")), `focus left the modal dialog: ${seen}`);
    assert.deepEqual(seen.slice(0, 3), ["Next", "Close", "0"], "wraps from the last control to the first");
  } finally {
    await modal.stop();
  }
});

test("a survey a trigger opens in a corner does not take the shopper's focus", async () => {
  const triggered = await startShop({
    siteConfig: { ...SITE, surveys: [{ ...SITE.surveys[0], id: "pv", trigger: { type: "page_view" } }] },
    pages: { "/": storePage({ body: '<input id="search" autofocus>' }) },
  });
  try {
    const { page } = await openPage(browser, `${triggered.shop}/`);
    await page.locator("#search").focus();
    await dialog(page).waitFor();
    await page.keyboard.type("shoes");
    assert.equal(await page.locator("#search").inputValue(), "shoes", "typing went on where it was");
  } finally {
    await triggered.stop();
  }
});

test("stars up to the chosen one are lit; a multiple choice says its limit and holds it; a new choice clears the message", async () => {
  const { page, problems } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("rating"));
  const d = dialog(page);
  await d.getByLabel("3 / 5").check();
  const colors = await page.evaluate(() =>
    [...document.querySelector("exitpoll-widget").shadowRoot.querySelectorAll(".ep-cell span")].map((s) => getComputedStyle(s).color),
  );
  assert.equal(new Set(colors.slice(0, 3)).size, 1, `the three chosen stars look alike: ${colors}`);
  assert.notEqual(colors[2], colors[3], `the unchosen stars are outlines: ${colors}`);
  assert.equal(colors[3], colors[4]);
  await page.keyboard.press("Escape");

  await page.evaluate(() => window.exitpoll.show("multi"));
  await d.waitFor();
  assert.equal(await d.locator("[part=hint]").textContent(), "Choose up to 2.");
  await d.getByLabel("Shoes").check();
  await d.getByLabel("Bags").check();
  assert.equal(await d.getByLabel("Hats").isDisabled(), true, "a third cannot be chosen");
  await d.getByLabel("Bags").uncheck();
  assert.equal(await d.getByLabel("Hats").isDisabled(), false);
  await page.keyboard.press("Escape");

  await page.evaluate(() => window.exitpoll.show("other"));
  await d.waitFor();
  await d.locator("button[type=submit]").click();
  assert.equal(await d.locator("[role=alert]").textContent(), "Please answer this question.");
  await d.getByRole("radio", { name: "Other" }).check();
  await d.locator("input[name=ep-other]").fill("Too far away");
  assert.equal(await d.locator("[role=alert]").textContent(), "", "the message went once the shopper answered");
  await page.keyboard.press("Escape");
  assert.deepEqual(problems, []);
});

test("theme.font inherit takes the page's own font", async () => {
  const fonted = await startShop({
    siteConfig: { ...SITE, theme: { font: "inherit" } },
    pages: { "/": storePage({ head: "<style>body { font-family: Georgia, 'Times New Roman', serif; }</style>" }) },
  });
  try {
    const { page } = await openPage(browser, `${fonted.shop}/`);
    await widgetReady(page);
    await page.evaluate(() => window.exitpoll.show("nps"));
    await dialog(page).waitFor();
    const font = await page.evaluate(() => getComputedStyle(document.querySelector("exitpoll-widget").shadowRoot.querySelector(".ep-title")).fontFamily);
    assert.match(font, /Georgia/);
  } finally {
    await fonted.stop();
  }
});
