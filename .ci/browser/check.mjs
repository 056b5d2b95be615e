// The real-browser check of coe's site, run by .ci/run:
//
//   node .ci/browser/check.mjs SITE_DIR [--report FILE] [--hostile SITE_DIR] [--screens DIR]
//
// It opens the index and a COE page of a built site in headless Chromium,
// from file:// and from a local HTTP server under a sub-path, and fails on
// any console error (a CSP violation is one), page error, failed request
// or request that leaves the site. On the index it checks that the filters
// show and narrow the table and that a column sorts.
//
// --report opens a standalone report (coe render --format html) from
// file:// the same way. --hostile opens every page of the site of a COE
// full of hostile markup and fails if any dialog opens (an alert(1) that
// got through) or the page reaches out. With --screens it saves
// screenshots (wide and narrow, light and dark) of the index, a COE page
// and the insights page, and A4 and Letter PDFs of a COE page (and an A4
// one of the insights page), to look at.
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
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end();
    return;
  }
  let p = join(site, decodeURIComponent(url.pathname.slice(prefix.length)));
  if (!p.startsWith(site)) {
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
    if (!u.startsWith("file://") && !u.startsWith(base) && !u.startsWith("data:")) problems.push(`request leaves the site: ${u}`);
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
  const insights = (await open(ctx, base + "insights.html")).page;
  await insights.pdf({ path: join(screens, "insights-A4.pdf"), format: "A4", printBackground: true });
  console.log(`pdf ${join(screens, "insights-A4.pdf")}`);
  await ctx.close();
}

await browser.close();
server.close();
console.log(failures ? `browser check: ${failures} failed` : "browser check: all passed");
process.exit(failures ? 1 : 0);
