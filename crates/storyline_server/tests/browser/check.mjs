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
  const getJson = async (path) => {
    const r = await fetch(base + path);
    if (!r.ok) fail(`${path} answered ${r.status}`);
    return r.json();
  };

  // Every source badge on the page names its document's outlet, where the document has one.
  const documents = (await getJson("/api/documents?limit=500")).documents;
  const outletOf = Object.fromEntries(documents.filter((d) => d.outlet).map((d) => [d.id, d.outlet]));
  let outletBadges = 0;
  const checkBadges = async (where) => {
    const badges = await page.locator(".badge.source").all();
    for (const b of badges) {
      const id = decodeURIComponent(((await b.getAttribute("href")) || "").replace(/^#\/doc\//, "").replace(/\?.*$/, ""));
      const shown = ((await b.textContent()) || "").trim();
      const want = outletOf[id];
      if (want && shown !== want) fail(`${where}: the source badge of ${id} shows "${shown}", not its outlet "${want}"`);
      if (want) outletBadges++;
    }
    return badges.length;
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
      if ((await e.locator(".meta.sources .badge.source").count()) >= 2) {
        entry = e;
        break;
      }
    }
    if (!entry) {
      for (const e of await entries.all()) {
        if ((await e.locator(".meta.sources .badge.source").count()) >= 2 && (await e.locator(".conflict .value", { hasText: "2022-02-25" }).count()) > 0) {
          entry = e;
          console.warn(`WARNING: no two-source entry dated 2022-02-25; accepting the one dated ${await e.getAttribute("data-date")} whose sources dispute 2022-02-25`);
          break;
        }
      }
    }
    if (!entry) fail("no timeline entry dated 2022-02-25 with two source badges");
    const badges = await entry.locator(".meta.sources .badge.source").allTextContents();
    console.log("2022-02-25 entry sources:", badges.join(", "));
    await entry.scrollIntoViewIfNeeded();
    await entry.screenshot({ path: join(shots, "timeline-entry.png") });
    docId = decodeURIComponent(((await entry.locator(".meta.sources .badge.source").first().getAttribute("href")) || "").replace(/^#\/doc\//, ""));

    // Modality: every entry the sources do not simply assert carries its tag, with a tooltip;
    // asserted ones carry none; inferred dates say so. The page lists the API's first page.
    const tl = await getJson("/api/timeline?limit=100");
    const items = await page.locator("#timeline > li.tl-entry").all();
    if (items.length !== tl.entries.length) fail(`the timeline shows ${items.length} entries, the API ${tl.entries.length}`);
    const LABELS = { intended: "planned", reported: "reported", negated: "denied", hypothetical: "hypothetical" };
    const shownModality = {};
    for (let i = 0; i < items.length; i++) {
      const e = tl.entries[i];
      const what = `entry ${i} "${e.headline}" (${e.modality})`;
      const tag = items[i].locator(".tl-card > .meta .tag.modality");
      if (e.modality === "asserted") {
        if ((await tag.count()) > 0) fail(`${what} is asserted but shows a modality tag`);
      } else {
        if ((await tag.count()) !== 1) fail(`${what} shows no modality tag`);
        if (!(await tag.isVisible())) fail(`${what}: its modality tag is not visible`);
        const label = ((await tag.textContent()) || "").trim();
        if (label !== LABELS[e.modality]) fail(`${what}: its modality tag reads "${label}", expected "${LABELS[e.modality]}"`);
        if (!((await tag.getAttribute("title")) || "").trim()) fail(`${what}: its modality tag has no tooltip`);
        shownModality[e.modality] = (shownModality[e.modality] || 0) + 1;
      }
      const inferred = items[i].locator(".tl-date .inferred");
      if (e.date && e.date_inferred && !(await inferred.isVisible())) fail(`entry ${i} "${e.headline}": its inferred date is not marked`);
      if (!e.date_inferred && (await inferred.count()) > 0) fail(`entry ${i} "${e.headline}": marked inferred, but its date is not`);
    }
    if (Object.keys(shownModality).length === 0) fail("no timeline entry with a modality other than asserted in the test data: nothing shows the modality tag");
    console.log("modality tags shown:", JSON.stringify(shownModality));
    const modalEntry = items[tl.entries.findIndex((e) => e.modality !== "asserted")];
    await modalEntry.scrollIntoViewIfNeeded();
    await modalEntry.screenshot({ path: join(shots, "timeline-modality.png") });
    await checkBadges("timeline");

    // Evidence: an entry's sentences, each with its trigger emphasised and a link that opens
    // the article with that sentence marked and in view.
    const pick = tl.entries.findIndex((e) => e.modality !== "asserted" && e.mentions.length > 0);
    const ei = pick >= 0 ? pick : tl.entries.findIndex((e) => e.mentions.length > 0);
    const ev = tl.entries[ei];
    const evEntry = items[ei];
    await evEntry.locator("details.evidence > summary").click();
    const lines = evEntry.locator("details.evidence li.evidence-item");
    if ((await lines.count()) !== ev.mentions.length) fail(`evidence of "${ev.headline}" lists ${await lines.count()} sentences, expected ${ev.mentions.length}`);
    for (let k = 0; k < ev.mentions.length; k++) {
      const m = ev.mentions[k];
      const line = lines.nth(k);
      if (!(await line.isVisible())) fail(`evidence line ${k} of "${ev.headline}" is not visible once opened`);
      const said = await line.locator(".evidence-text").textContent();
      if (said !== m.text) fail(`evidence line ${k} of "${ev.headline}" shows "${said}", expected the sentence "${m.text}"`);
      const word = await line.locator(".evidence-text em.trigger-word").textContent();
      if (word !== m.trigger.text) fail(`evidence line ${k}: the emphasised word is "${word}", expected "${m.trigger.text}"`);
      const badge = ((await line.locator(".badge.source").textContent()) || "").trim();
      if (outletOf[m.document] && badge !== outletOf[m.document]) fail(`evidence line ${k}: the badge shows "${badge}", not the outlet "${outletOf[m.document]}"`);
    }
    await evEntry.scrollIntoViewIfNeeded();
    await evEntry.screenshot({ path: join(shots, "timeline-evidence.png") });
    const follow = async (m, linkNode, label) => {
      await linkNode.click();
      await page.waitForSelector('body[data-ready="doc"]');
      const mark = page.locator("mark#evidence");
      if ((await mark.count()) !== 1) fail(`${label}: the article view marks no sentence`);
      const marked = await mark.textContent();
      if (marked !== m.text) fail(`${label}: the marked text is "${marked}", expected the linked sentence "${m.text}"`);
      const word = await mark.locator("em.trigger-word").textContent();
      if (word !== m.trigger.text) fail(`${label}: the marked trigger is "${word}", expected "${m.trigger.text}"`);
      const inView = await mark.evaluate((n) => {
        const r = n.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      });
      if (!inView) fail(`${label}: the marked sentence is not scrolled into view`);
      if (!m.in_title) {
        const doc = await getJson("/api/documents/" + encodeURIComponent(m.document));
        if ((await page.locator("#article-text").textContent()) !== doc.text) fail(`${label}: marking the sentence changed the article text`);
      }
    };
    const body = ev.mentions.findIndex((m) => !m.in_title);
    const k0 = body >= 0 ? body : 0;
    await follow(ev.mentions[k0], lines.nth(k0).locator("a.evidence-link"), `evidence link of "${ev.headline}"`);
    await page.screenshot({ path: join(shots, "article-evidence.png"), fullPage: false });
    console.log(`evidence: "${ev.headline}" (${ev.modality}), ${ev.mentions.length} sentences; followed ${ev.mentions[k0].document} sentence ${ev.mentions[k0].sentence}`);
    // A headline mention, if any, marks the title.
    const ti = tl.entries.findIndex((e) => e.mentions.some((m) => m.in_title));
    if (ti >= 0) {
      await open("#/timeline", "timeline");
      const entryNodes = page.locator("#timeline > li.tl-entry");
      const mi = tl.entries[ti].mentions.findIndex((m) => m.in_title);
      await entryNodes.nth(ti).locator("details.evidence > summary").click();
      await follow(tl.entries[ti].mentions[mi], entryNodes.nth(ti).locator("li.evidence-item").nth(mi).locator("a.evidence-link"), `headline evidence of "${tl.entries[ti].headline}"`);
      if ((await page.locator("#article-title mark#evidence").count()) !== 1) fail("a headline mention does not mark the title");
      console.log(`headline evidence: "${tl.entries[ti].headline}" marks the title of ${tl.entries[ti].mentions[mi].document}`);
      await page.screenshot({ path: join(shots, "article-headline-evidence.png"), fullPage: false });
    }
    await open("#/timeline", "timeline");
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
  await checkBadges("stories");
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
    await checkBadges("actor " + href);
    await page.screenshot({ path: join(shots, "actor.png"), fullPage: false });
  }
  await open("#/quotes", "quotes");
  await checkBadges("quotes");
  await page.screenshot({ path: join(shots, "quotes.png"), fullPage: false });
  await open("#/compare", "compare");
  if ((await page.locator(".error").count()) > 0) fail("compare view shows an error: " + (await page.locator(".error").first().textContent()));
  await checkBadges("compare");
  await page.screenshot({ path: join(shots, "compare.png"), fullPage: false });
  if (Object.keys(outletOf).length > 0 && outletBadges === 0) fail("no source badge names an outlet, though some articles have one");
  console.log(`source badges naming their outlet: ${outletBadges}`);

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
