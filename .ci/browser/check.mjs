// The real-browser check of coe's site, run by .ci/run:
//
//   node .ci/browser/check.mjs SITE_DIR [--report FILE] [--hostile SITE_DIR]
//        [--public SITE_DIR] [--public-report FILE] [--screens DIR]
//
// It opens the index and a COE page of a built site in headless Chromium,
// from file:// and from a local HTTP server under a sub-path, and fails on
// any console error (a CSP violation is one), page error, failed request
// or request that leaves the site. On the index it checks that the filters
// show and narrow the table, that a column sorts, and that the search box
// finds COEs by their answers (search.js, loaded from the page).
//
// --report opens a standalone report (coe render --format html) from
// file:// the same way. --hostile opens every page of the site of a COE
// full of hostile markup and fails if any dialog opens (an alert(1) that
// got through) or the page reaches out. With --screens it saves
// screenshots (wide and narrow, light and dark) of the index, a COE page
// and the insights page, and A4 and Letter PDFs of a COE page (and an A4
// one of the insights page), to look at.
//
// --public opens every page of a public site (coe build --public) from
// file:// and from the HTTP server under a sub-path, and its feed.xml: no
// console error, no CSP violation, no script, no request out, the
// stylesheet applied, every link inside the site, the index listing every
// page, and the feed parsed as XML with one entry a page. --public-report
// opens a standalone public page (coe render --audience public --format
// html). With --screens it also saves screenshots of the public index and
// a public page.
//
// The insights page is checked too: it loads with no console error (a
// CSP violation is one), and each of its charts is an SVG named by its
// <title> and <desc>, with a table of its figures.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile, readdir, mkdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const site = resolve(args[0] || "site");
function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? resolve(args[i + 1]) : "";
}
const screens = option("--screens");
const report = option("--report");
const hostile = option("--hostile");
const publicSite = option("--public");
const publicReport = option("--public-report");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

let failures = 0;
function fail(msg) {
  failures++;
  console.log("FAIL " + msg);
}
function ok(msg) {
  console.log("ok   " + msg);
}

const coes = (await readdir(join(site, "coes"))).filter((f) => f.endsWith(".html")).sort();
if (coes.length === 0) {
  fail(`no COE pages in ${site}/coes`);
  process.exit(1);
}
// The COE page to look at: the one with the longest timeline, else the first.
let coePage = coes[0];
let most = -1;
for (const f of coes) {
  const n = ((await readFile(join(site, "coes", f), "utf8")).match(/<g class="ev">/g) || []).length;
  if (n > most) [most, coePage] = [n, f];
}

// The site served under a sub-path, as GitHub Pages serves a project site.
const prefix = "/some/sub/path/";
// The public site, when checked, is served under a sub-path of its own.
const publicPrefix = "/public/sub/path/";
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml" };
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  const [pre, dir] = url.pathname.startsWith(prefix) ? [prefix, site]
    : publicSite && url.pathname.startsWith(publicPrefix) ? [publicPrefix, publicSite] : ["", ""];
  if (!pre) {
    res.writeHead(404).end();
    return;
  }
  let p = join(dir, decodeURIComponent(url.pathname.slice(pre.length)));
  if (!p.startsWith(dir)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(p)).isDirectory()) p = join(p, "index.html");
    res.writeHead(200, { "content-type": types[extname(p)] || "application/octet-stream" }).end(await readFile(p));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;
const publicBase = `http://127.0.0.1:${server.address().port}${publicPrefix}`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
console.log(`chromium ${browser.version()}; site ${site} (${coes.length} COE pages)`);

// open loads url in a fresh page and collects what went wrong.
async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file://") && !u.startsWith(base) && !(publicSite && u.startsWith(publicBase)) && !u.startsWith("data:")) problems.push(`request leaves the site: ${u}`);
  });
  page.on("dialog", (d) => {
    problems.push(`a ${d.type()} dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  const resp = await page.goto(url, { waitUntil: "load" });
  if (resp && !resp.ok()) problems.push(`HTTP ${resp.status()}`);
  await page.waitForTimeout(150); // late console messages
  return { page, problems };
}

function report_(name, problems) {
  if (problems.length) fail(`${name}: ${problems.join("; ")}`);
  else ok(`${name}: loads with no console errors`);
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
for (const [where, root] of [["file://", pathToFileURL(site).href + "/"], ["http sub-path", base]]) {
  // The index: the table, the filters, sorting.
  {
    const { page, problems } = await open(context, root + "index.html");
    report_(`index (${where})`, problems);
    const rows = await page.locator("#coes tbody tr").count();
    if (rows !== coes.length) fail(`index (${where}): ${rows} rows, want ${coes.length}`);
    if (!(await page.locator("#filters").isVisible())) fail(`index (${where}): the filters do not show`);
    const visible = () => page.locator("#coes tbody tr:visible").count();
    const statuses = await page.locator("#coes tbody tr td:nth-child(4)").allTextContents();
    const status = statuses.map((s) => s.trim()).sort()[0];
    await page.selectOption("select[name=status]", status);
    const byStatus = await visible();
    const want = statuses.filter((s) => s.trim() === status).length;
    if (byStatus !== want || byStatus >= rows) fail(`index (${where}): status ${status} shows ${byStatus} rows, want ${want} of ${rows}`);
    else ok(`index (${where}): status filter ${status} narrows ${rows} rows to ${byStatus}`);
    await page.selectOption("select[name=status]", "");
    const title = (await page.locator("#coes tbody tr td.title a").first().textContent()).trim();
    const word = title.split(/\s+/).sort((a, b) => b.length - a.length)[0].toLowerCase();
    await page.fill("input[name=q]", word);
    const byText = await visible();
    if (byText < 1 || byText > rows) fail(`index (${where}): search ${JSON.stringify(word)} shows ${byText} rows`);
    else ok(`index (${where}): search ${JSON.stringify(word)} shows ${byText} of ${rows}`);
    const count = await page.locator("#count").textContent();
    if (!count.includes(String(byText))) fail(`index (${where}): the count says ${JSON.stringify(count)}`);
    await page.fill("input[name=q]", "");
    // The search box searches every answer from search.js, offline: a
    // phrase and a word find COEs, ranked, the words marked; a miss says so.
    await page.fill("#site-search input", '"status page" support');
    await page.locator("#site-search-results li").first().waitFor({ timeout: 5000 }).catch(() => {});
    const found = await page.locator("#site-search-results li").count();
    const marks = await page.locator("#site-search-results mark").count();
    if (found < 1 || found > rows || marks < 1) fail(`index (${where}): searching the answers found ${found} COEs, ${marks} words marked`);
    else ok(`index (${where}): searching the answers finds ${found} of ${rows}, ${marks} words marked`);
    await page.fill("#site-search input", "zeppelinqqq");
    await page.waitForTimeout(300);
    const none = await page.locator("#site-search-count").textContent();
    if (none !== "No COE matches." || (await page.locator("#site-search-results li").count())) fail(`index (${where}): a miss says ${JSON.stringify(none)}`);
    await page.fill("#site-search input", "");
    await page.locator("#coes thead th[data-sort=title] button").click();
    const titles = (await page.locator("#coes tbody tr td.title a").allTextContents()).map((s) => s.toLowerCase());
    const sorted = [...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (JSON.stringify(titles) !== JSON.stringify(sorted)) fail(`index (${where}): sorting by title does not sort`);
    else ok(`index (${where}): sorts by title`);
    // Every link of the index leads to a page of the site.
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.href));
    for (const h of hrefs) {
      if (!h.startsWith(root)) fail(`index (${where}): link out of the site: ${h}`);
    }
    await page.close();
  }
  // A COE page: the seven questions, the chart, no errors.
  {
    const { page, problems } = await open(context, root + "coes/" + coePage);
    report_(`coes/${coePage} (${where})`, problems);
    const h2 = await page.locator("article h2").allTextContents();
    if (h2.length < 7 || !h2[0].includes("What happened?") || !h2[6].includes("corrective actions")) fail(`coes/${coePage}: questions ${JSON.stringify(h2)}`);
    if ((await page.locator("figure.chart svg").count()) !== 1) fail(`coes/${coePage}: no timeline chart`);
    const css = await page.evaluate(() => getComputedStyle(document.querySelector("main")).maxWidth);
    if (css === "none") fail(`coes/${coePage}: the stylesheet did not apply`);
    await page.close();
  }
  // The insights page: its charts are SVG figures named by their title and
  // description, each with a table of its figures, drawn with no script.
  {
    const { page, problems } = await open(context, root + "insights.html");
    report_(`insights.html (${where})`, problems);
    const charts = await page.locator("figure.insight svg[role=img]").evaluateAll((svgs) =>
      svgs.map((svg) => {
        const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/);
        const named = ids.map((id) => svg.querySelector(`#${CSS.escape(id)}`)?.textContent?.trim() || "");
        const box = svg.getBoundingClientRect();
        return { named, width: box.width, table: !!svg.closest("figure").querySelector("table") };
      }));
    const bad = charts.filter((c) => c.named.length !== 2 || c.named.some((t) => !t) || c.width < 100 || !c.table);
    if (charts.length < 4 || bad.length) fail(`insights.html (${where}): ${charts.length} charts, ${bad.length} without a title, a description, a size or a table`);
    else ok(`insights.html (${where}): ${charts.length} charts, each titled, described and with its table`);
    const fill = await page.evaluate(() => getComputedStyle(document.querySelector("figure.insight rect")).fill);
    if (!fill || fill === "none" || fill === "rgb(0, 0, 0)") fail(`insights.html (${where}): the bars are not coloured by the stylesheet (fill ${fill})`);
    await page.close();
  }
  // The other pages load cleanly too.
  for (const p of ["actions.html", "tags/index.html", "services/index.html"]) {
    const { page, problems } = await open(context, root + p);
    report_(`${p} (${where})`, problems);
    await page.close();
  }
}
{
  // Without JavaScript the whole table shows, and no filter that cannot work.
  const noJS = await browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await open(noJS, pathToFileURL(site).href + "/index.html");
  const rows = await page.locator("#coes tbody tr:visible").count();
  if (problems.length || rows !== coes.length || (await page.locator("#filters").isVisible())) {
    fail(`index without JavaScript: ${rows} rows of ${coes.length}, filters ${(await page.locator("#filters").isVisible()) ? "shown" : "hidden"}; ${problems.join("; ")}`);
  } else ok(`index without JavaScript: all ${rows} rows, no filters`);
  await noJS.close();
}

if (report) {
  const { page, problems } = await open(context, pathToFileURL(report).href);
  report_(`standalone report ${report}`, problems);
  const h2 = await page.locator("article h2").allTextContents();
  if (h2.length < 7) fail(`standalone report: questions ${JSON.stringify(h2)}`);
  if (await page.locator("nav.site-nav").count()) fail("standalone report: has the site's bar");
  await page.close();
}

if (hostile) {
  // Every page of the hostile site, with the script's filters exercised.
  const pages = [];
  for (const dir of ["", "coes/", "tags/", "services/"]) {
    for (const f of (await readdir(join(hostile, dir))).filter((f) => f.endsWith(".html")).sort()) pages.push(dir + f);
  }
  let bad = 0;
  for (const p of pages) {
    const { page, problems } = await open(context, pathToFileURL(join(hostile, p)).href);
    if (await page.locator("#filters").count()) {
      await page.fill("input[name=q]", "script");
      await page.locator("#coes thead th[data-sort=title] button").click();
    }
    if (await page.locator("#site-search").count()) {
      // The hostile title is found, and shown as text: no element of it.
      await page.fill("#site-search input", "script alert");
      await page.waitForTimeout(500);
      const found = await page.locator("#site-search-results li").count();
      const injected = await page.locator("#site-search-results :is(script, img, svg, iframe, style)").count();
      if (found !== 1 || injected) fail(`hostile ${p}: searching found ${found} COEs, ${injected} elements from the COE`);
    }
    await page.mouse.move(200, 300);
    await page.waitForTimeout(50);
    if (problems.length) {
      bad++;
      fail(`hostile ${p}: ${problems.join("; ")}`);
    }
    await page.close();
  }
  if (!bad) ok(`hostile site: ${pages.length} pages load, no dialog, no console error, no request out`);
}
if (publicSite) {
  // The public site: every page, from file:// and from a sub-path.
  const pages = ["index.html"];
  for (const f of (await readdir(join(publicSite, "coes"))).filter((f) => f.endsWith(".html")).sort()) pages.push("coes/" + f);
  if (pages.length < 2) fail(`no public pages in ${publicSite}/coes`);
  for (const [where, root] of [["file://", pathToFileURL(publicSite).href + "/"], ["http sub-path", publicBase]]) {
    let bad = 0;
    for (const p of pages) {
      const { page, problems } = await open(context, root + p);
      if (await page.locator("script").count()) problems.push("has a script");
      if ((await page.locator("h1").count()) !== 1) problems.push("not one h1");
      if ((await page.evaluate(() => getComputedStyle(document.querySelector("main")).maxWidth)) === "none") problems.push("the stylesheet did not apply");
      for (const h of await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.href))) {
        if (!h.startsWith(root)) problems.push(`link out of the site: ${h}`);
      }
      if (p === "index.html") {
        const listed = await page.locator("ol.public-list > li").count();
        if (listed !== pages.length - 1) problems.push(`the index lists ${listed} reports, want ${pages.length - 1}`);
      } else if ((await page.locator("article.public h2").count()) < 1) problems.push("no answers");
      if (problems.length) {
        bad++;
        fail(`public ${p} (${where}): ${problems.join("; ")}`);
      }
      await page.close();
    }
    if (!bad) ok(`public site (${where}): ${pages.length} pages load with no console error, no script, links inside the site`);
  }
  // The feed, fetched over HTTP and read by the browser's XML parser:
  // well-formed Atom, one entry a page.
  const resp = await context.request.get(publicBase + "feed.xml");
  const problems = resp.ok() ? [] : [`HTTP ${resp.status()}`];
  const page = await context.newPage();
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const atom = "http://www.w3.org/2005/Atom";
    return {
      error: doc.querySelector("parsererror")?.textContent || "",
      root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
      entries: doc.getElementsByTagNameNS(atom, "entry").length,
      ids: [...doc.getElementsByTagNameNS(atom, "entry")].map((e) => e.getElementsByTagNameNS(atom, "id")[0]?.textContent || ""),
    };
  }, await resp.text());
  if (problems.length || feed.error || feed.root !== "http://www.w3.org/2005/Atom feed" || feed.entries !== pages.length - 1 ||
    feed.ids.some((id) => !/^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:coe-[0-9a-f]{16}$/.test(id))) {
    fail(`public feed.xml: ${JSON.stringify(feed)} ${problems.join("; ")}`);
  } else ok(`public feed.xml: Atom, ${feed.entries} entries with tag: ids`);
  await page.close();
}
if (publicReport) {
  const { page, problems } = await open(context, pathToFileURL(publicReport).href);
  report_(`standalone public report ${publicReport}`, problems);
  if (await page.locator("nav.site-nav, script").count()) fail("standalone public report: has the site's bar or a script");
  await page.close();
}
await context.close();

if (screens) {
  await mkdir(screens, { recursive: true });
  for (const [width, scheme] of [[1280, "light"], [390, "light"], [1280, "dark"]]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: width < 500 ? 2 : 1 });
    for (const [name, path] of [["index", "index.html"], ["coe", "coes/" + coePage], ["actions", "actions.html"], ["insights", "insights.html"]]) {
      if (scheme === "dark" && name === "actions") continue;
      const { page } = await open(ctx, base + path);
      const file = join(screens, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot ${file}`);
      await page.close();
    }
    await ctx.close();
  }
  const ctx = await browser.newContext();
  const { page } = await open(ctx, base + "coes/" + coePage);
  for (const format of ["A4", "Letter"]) {
    const file = join(screens, `coe-${format}.pdf`);
    await page.pdf({ path: file, format, printBackground: true });
    console.log(`pdf ${file}`);
  }
  if (publicSite) {
    const coe = (await readdir(join(publicSite, "coes"))).filter((f) => f.endsWith(".html")).sort()[0];
    for (const [width, scheme] of [[1280, "light"], [390, "light"], [1280, "dark"]]) {
      const pctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: width < 500 ? 2 : 1 });
      for (const [name, path] of [["public-index", "index.html"], ["public-coe", "coes/" + coe]]) {
        const { page } = await open(pctx, publicBase + path);
        const file = join(screens, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`screenshot ${file}`);
        await page.close();
      }
      await pctx.close();
    }
    const { page: pp } = await open(ctx, publicBase + "coes/" + coe);
    await pp.pdf({ path: join(screens, "public-coe-A4.pdf"), format: "A4", printBackground: true });
    console.log(`pdf ${join(screens, "public-coe-A4.pdf")}`);
  }
  const insights = (await open(ctx, base + "insights.html")).page;
  await insights.pdf({ path: join(screens, "insights-A4.pdf"), format: "A4", printBackground: true });
  console.log(`pdf ${join(screens, "insights-A4.pdf")}`);
  await ctx.close();
}

await browser.close();
server.close();
console.log(failures ? `browser check: ${failures} failed` : "browser check: all passed");
process.exit(failures ? 1 : 0);
