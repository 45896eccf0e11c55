// Drives headless Chromium through the storyline web interface.
// Usage: node check.mjs BASE_URL SCREENSHOT_DIR
// Exits non-zero on any failure; the whole run is bounded by a global timeout.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node check.mjs BASE_URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const TOTAL_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 150000);
const killer = setTimeout(() => {
  console.error(`FAIL: browser test took longer than ${TOTAL_MS} ms`);
  process.exit(3);
}, TOTAL_MS);

function fail(msg) {
  throw new Error(msg);
}

async function waitForServer() {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const r = await fetch(base + "/api/stats", { signal: AbortSignal.timeout(2000) });
      if (r.ok) return await r.json();
    } catch (_) {
      /* not up yet */
    }
    if (Date.now() > deadline) fail("server did not answer /api/stats within 30 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}

const profile = mkdtempSync(join(tmpdir(), "storyline-chromium-"));
let browser;
let failed = false;
try {
  const stats = await waitForServer();
  console.log("stats:", JSON.stringify(stats));
  // A fresh profile directory (--user-data-dir) per run.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    timeout: 60000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(20000);
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push("console error: " + m.text());
  });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));

  const open = async (hash, view) => {
    await page.goto(base + "/" + hash, { waitUntil: "load" });
    await page.waitForSelector(`body[data-ready="${view}"]`);
  };

  // Timeline.
  await open("#/timeline", "timeline");
  let docId = null;
  if (stats.events > 0) {
    // The entry dated 2022-02-25 reported by two sources; failing that (the sources
    // disagree and the merge dated it otherwise), a two-source entry whose conflict
    // marker shows 2022-02-25.
    const entries = page.locator("li.tl-entry");
    let entry = null;
    for (const e of await page.locator('li.tl-entry[data-date="2022-02-25"]').all()) {
      if ((await e.locator(".badge.source").count()) >= 2) {
        entry = e;
        break;
      }
    }
    if (!entry) {
      for (const e of await entries.all()) {
        if ((await e.locator(".badge.source").count()) >= 2 && (await e.locator(".conflict .value", { hasText: "2022-02-25" }).count()) > 0) {
          entry = e;
          console.warn(`WARNING: no two-source entry dated 2022-02-25; accepting the one dated ${await e.getAttribute("data-date")} whose sources dispute 2022-02-25`);
          break;
        }
      }
    }
    if (!entry) fail("no timeline entry dated 2022-02-25 with two source badges");
    const badges = await entry.locator(".badge.source").allTextContents();
    console.log("2022-02-25 entry sources:", badges.join(", "));
    await entry.scrollIntoViewIfNeeded();
    await entry.screenshot({ path: join(shots, "timeline-entry.png") });
    docId = decodeURIComponent(((await entry.locator(".badge.source").first().getAttribute("href")) || "").replace(/^#\/doc\//, ""));
  } else {
    console.warn("WARNING: no events in the database yet; checking the article list and search instead of the timeline");
    if ((await page.locator(".warning").count()) === 0) fail("empty timeline shows no notice");
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "timeline.png") });

  // Stories: every article in one story; a story's link opens its own timeline.
  await open("#/stories", "stories");
  const storyCards = page.locator("#stories li.story");
  if ((await storyCards.count()) === 0) fail("no stories listed");
  const inStories = await page.locator("#stories .badge.source").count();
  if (inStories !== stats.documents) fail(`stories list ${inStories} articles, expected ${stats.documents}`);
  await page.screenshot({ path: join(shots, "stories.png"), fullPage: false });
  await storyCards.first().locator(".summary a").click();
  await page.waitForSelector('body[data-ready="timeline"]');
  if (!(await page.locator("h1", { hasText: "Timeline of story" }).count())) fail("story link does not open the story's timeline");

  // Articles list.
  await open("#/documents", "documents");
  const rows = await page.locator("#documents tbody tr").count();
  if (rows !== stats.documents && rows !== 50) fail(`article list shows ${rows} rows, expected ${stats.documents}`);
  if (!docId) docId = decodeURIComponent(((await page.locator("#documents tbody a").first().getAttribute("href")) || "").replace(/^#\/doc\//, ""));
  await page.screenshot({ path: join(shots, "documents.png"), fullPage: false });

  // Search.
  await open("#/search?q=Ukraine", "search");
  const hits = await page.locator("#hits .hit").count();
  if (hits === 0) fail("search for Ukraine found nothing");
  await page.screenshot({ path: join(shots, "search.png"), fullPage: false });

  // Article view.
  await open("#/doc/" + encodeURIComponent(docId), "doc");
  const text = await page.locator("#article-text").textContent();
  const api = await (await fetch(base + "/api/documents/" + encodeURIComponent(docId))).json();
  if (text !== api.text) fail("the article view does not show the article text exactly");
  const marks = await page.locator("#article-text .hl").count();
  console.log(`article ${docId}: ${marks} highlighted spans, ${api.entities.length} entities, ${api.timexes.length} dates, ${api.quotes.length} quotes, ${api.events.length} events`);
  if (api.entities.length + api.timexes.length > 0 && marks === 0) fail("the article view highlights nothing");
  await page.screenshot({ path: join(shots, "article.png"), fullPage: false });

  // Actors, quotes, compare render without errors.
  await open("#/actors", "actors");
  await page.screenshot({ path: join(shots, "actors.png"), fullPage: false });
  const firstActor = page.locator("#actors tbody a").first();
  if ((await firstActor.count()) > 0) {
    const href = await firstActor.getAttribute("href");
    await open(href, "actor");
    await page.screenshot({ path: join(shots, "actor.png"), fullPage: false });
  }
  await open("#/quotes", "quotes");
  await page.screenshot({ path: join(shots, "quotes.png"), fullPage: false });
  await open("#/compare", "compare");
  if ((await page.locator(".error").count()) > 0) fail("compare view shows an error: " + (await page.locator(".error").first().textContent()));
  await page.screenshot({ path: join(shots, "compare.png"), fullPage: false });

  // The page must not be frameable and must carry the CSP.
  const res = await fetch(base + "/");
  if (!(res.headers.get("content-security-policy") || "").includes("script-src 'self'")) fail("no Content-Security-Policy on /");

  const errors = await page.locator(".error").count();
  if (errors > 0) fail("an error box is shown");
  if (problems.length) fail(problems.join("\n"));
  console.log(`browser test passed; screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error("FAIL:", e && e.message ? e.message : e);
} finally {
  if (browser) await browser.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(killer);
}
process.exit(failed ? 1 : 0);
