// Opens every page of the built site in headless Chromium and writes what each one shows.
//
//   node web/check-site.mjs --root <html dir> --out <report.json> [--screenshots <dir>]
//                           [--jobs 2] [--timeout 900]
//
// Pages are the .html files of the folder, less those under folders whose name starts with "_"
// (the theme's template fragments in _static). Each page's entry holds its console errors and
// uncaught errors, the images, scripts, stylesheets and fonts of the site that failed to load, the
// requests it tried outside 127.0.0.1 (blocked: the check never leaves the machine), its links
// within the site, its element ids, its declared icons, whether the book's navigation is there, the
// text of its glued outputs and of its article. The request for the page's icon, which one Chromium
// makes by itself and another never makes, is left out of the console errors and failed loads:
// whether the icon is a file of the site is checked offline (site_check.py's "no icon"). Pages under
// chapters/ are also photographed into --screenshots (the top 2400 px, 1400 px wide), and the
// framework tabs are checked to keep one reader's choice from chapter 1 to chapter 2 (the report's
// "tabs").
//
// Exit status: 0 done (the report says what is wrong), 3 no browser found, 1 any other failure.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitWith, findBrowser, launch, serve, withDeadline } from './browser.mjs';

const WIDTH = 1400;
const SHOT_HEIGHT = 2400;
const ASSETS = new Set(['image', 'script', 'stylesheet', 'font']);
const LOAD_FAILED = 'Failed to load resource';
const TAB_PAGES = ['chapters/01-foundations/side-by-side.html', 'chapters/02-philosophies/side-by-side.html'];
const SYNC_GROUP = 'framework';
const CHOICE = 'tensorflow';

function sitePages(root, dir = '') {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('_'))
    .flatMap((entry) => {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return sitePages(root, rel);
      return entry.name.endsWith('.html') ? [rel] : [];
    })
    .sort();
}

const shotName = (page) => `${page.replace(/\.html$/, '').replaceAll('/', '-')}.png`;

const isExternal = (url) => {
  const { protocol, hostname } = new URL(url);
  return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && hostname !== '127.0.0.1';
};

// What the page shows once loaded; runs inside the page.
function inspect() {
  const squash = (text) => text.replace(/\s+/g, ' ').trim();
  const links = new Map();
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin) continue;
    let fragment = url.hash.slice(1);
    try { fragment = decodeURIComponent(fragment); } catch { /* kept as written */ }
    links.set(a.getAttribute('href'), { href: a.getAttribute('href'), path: url.pathname.slice(1), fragment });
  }
  const nav = document.querySelector('.bd-sidebar-primary nav.bd-docs-nav');
  const navLinks = nav ? nav.querySelectorAll('a.reference.internal[href]').length : 0;
  return {
    links: [...links.values()],
    ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
    icons: [...document.querySelectorAll('link[rel~="icon" i][href]')].map((link) => link.href),
    navigation: { present: navLinks > 0, links: navLinks },
    glued: [...document.querySelectorAll('.pasted-text, .pasted-inline, .pasted-math, .output.text_html')]
      .map((element) => ({ class: element.className, text: squash(element.textContent) })),
    text: squash((document.querySelector('article.bd-article') ?? document.body).textContent),
  };
}

// Pages open in a window as tall as a screenshot, whose top it then takes.
const shoot = (tab, file) => tab.screenshot({ path: file });

// A page that only sends the reader on (jupyter-book's index.html) is not opened: its target
// is recorded as its one link.
const REDIRECT = /<meta\s+http-equiv=["']?refresh["']?\s+content=["']?\d+;\s*url=([^"'>\s]+)/i;

async function checkPage(browser, origin, root, page, screenshots) {
  const local = (url) => (url.startsWith(`${origin}/`) ? url.slice(origin.length + 1) : url);
  const redirect = fs.readFileSync(path.join(root, page), 'utf8').match(REDIRECT)?.[1];
  if (redirect) {
    const url = new URL(redirect, `${origin}/${page}`);
    return { redirect, links: [{ href: redirect, path: url.pathname.slice(1), fragment: url.hash.slice(1) }] };
  }
  // Each page is opened as by a first-time reader, in a fresh context: the report never depends
  // on which page came first.
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  await tab.setViewport({ width: WIDTH, height: SHOT_HEIGHT });
  const entry = { status: null, console_errors: [], page_errors: [], failed: [], external: [] };
  let open = true; // requests that closing the tab cuts short are not the page's
  const reported = new Set(); // URLs whose console line "Failed to load resource" would repeat the entry
  const errors = []; // console errors: [text, URL]
  tab.on('request', (request) => {
    if (open && isExternal(request.url())) {
      entry.external.push({ url: request.url(), type: request.resourceType() });
      reported.add(request.url());
    }
  });
  tab.on('requestfailed', (request) => {
    if (!open || isExternal(request.url()) || !ASSETS.has(request.resourceType())) return;
    entry.failed.push({ url: local(request.url()), type: request.resourceType(), error: request.failure()?.errorText });
    reported.add(request.url());
  });
  tab.on('response', (response) => {
    const request = response.request();
    if (!open || response.status() < 400 || !ASSETS.has(request.resourceType())) return;
    entry.failed.push({ url: local(response.url()), type: request.resourceType(), error: `HTTP ${response.status()}` });
    reported.add(response.url());
  });
  tab.on('console', (message) => {
    if (!open || message.type() !== 'error') return;
    errors.push([message.text(), message.location().url]);
  });
  tab.on('pageerror', (error) => open && entry.page_errors.push(`${error.name}: ${error.message}`));
  const started = performance.now();
  const response = await tab.goto(`${origin}/${page}`, { waitUntil: 'load', timeout: 0 });
  entry.status = response.status();
  Object.assign(entry, await tab.evaluate(inspect));
  if (screenshots && page.startsWith('chapters/')) {
    entry.screenshot = shotName(page);
    await shoot(tab, path.join(screenshots, entry.screenshot));
  }
  entry.seconds = (performance.now() - started) / 1000;
  open = false;
  await context.close();
  // The icon a browser may ask for by itself: the page's declared icons, or /favicon.ico without one.
  // A "Failed to load resource" line repeats a failed load already in the entry, or is about the icon;
  // it is dropped only now, since the console line and the response come in either order.
  const icons = new Set(entry.icons.length ? entry.icons : [`${origin}/favicon.ico`]);
  const repeated = (text, where) => text.startsWith(LOAD_FAILED) && (reported.has(where) || icons.has(where));
  entry.console_errors = errors.filter(([text, where]) => !repeated(text, where))
    .map(([text, where]) => (where ? `${text} (${local(where)})` : text));
  entry.failed = entry.failed.filter((failure) => !icons.has(`${origin}/${failure.url}`));
  return entry;
}

// Which framework each tab set of the sync group shows: the checked radio input precedes its label.
const shown = (group) => [...document.querySelectorAll('.sd-tab-set')]
  .filter((set) => set.querySelector(`:scope > label.sd-tab-label[data-sync-group="${group}"]`))
  .map((set) => set.querySelector(':scope > input:checked')?.nextElementSibling?.dataset.syncId ?? null);

// In one fresh browser context: chapter 1's tabs start on PyTorch; one click on a TensorFlow label
// turns every tab set of the page to TensorFlow, and chapter 2's page opens on TensorFlow.
async function checkTabs(browser, origin, root, screenshots) {
  const missing = TAB_PAGES.filter((page) => !fs.existsSync(path.join(root, page)));
  if (missing.length) return { ok: false, page: missing[0], error: 'no such page', steps: [] };
  const context = await browser.createBrowserContext();
  const steps = [];
  const step = async (tab, page, name, want) => {
    const sets = await tab.evaluate(shown, SYNC_GROUP);
    const file = screenshots ? path.join(screenshots, name) : null;
    if (file) await shoot(tab, file);
    const ok = sets.length > 0 && sets.every((id) => id === want);
    steps.push({ page, want, shown: sets, ok, screenshot: file && name });
  };
  const open = async (page) => {
    const tab = await context.newPage();
    await tab.setViewport({ width: WIDTH, height: SHOT_HEIGHT });
    await tab.goto(`${origin}/${page}`, { waitUntil: 'load', timeout: 0 });
    return tab;
  };
  try {
    const first = await open(TAB_PAGES[0]);
    await step(first, TAB_PAGES[0], 'tabs-1-before.png', 'pytorch');
    const label = await first.$(`label.sd-tab-label[data-sync-group="${SYNC_GROUP}"][data-sync-id="${CHOICE}"]`);
    if (!label) return { ok: false, page: TAB_PAGES[0], error: `no ${CHOICE} tab label in sync group ${SYNC_GROUP}`, steps };
    await label.click();
    await step(first, TAB_PAGES[0], 'tabs-2-chosen.png', CHOICE);
    const stored = await first.evaluate((key) => localStorage.getItem(key), `sphinx-design-tab-id-${SYNC_GROUP}`);
    await step(await open(TAB_PAGES[1]), TAB_PAGES[1], 'tabs-3-next-chapter.png', CHOICE);
    return { ok: steps.every((s) => s.ok), stored, steps };
  } finally {
    await context.close();
  }
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      root: { type: 'string' },
      out: { type: 'string' },
      screenshots: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '900' },
    },
  });
  if (!args.root || !args.out) throw new Error('--root and --out are required');
  if (!fs.existsSync(args.root)) throw new Error(`--root ${args.root} does not exist`);
  for (const key of ['jobs', 'timeout']) {
    if (!(Number(args[key]) > 0)) throw new Error(`--${key} takes a positive number, not ${args[key]}`);
  }
  if (args.screenshots) fs.mkdirSync(args.screenshots, { recursive: true });
  const executable = await findBrowser();
  const server = await serve(args.root);
  let launching;
  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await launching?.then((browser) => browser.close()).catch(() => {});
  };
  const work = async () => {
    const started = performance.now();
    launching = launch(executable);
    const browser = await launching;
    const origin = `http://127.0.0.1:${server.address().port}`;
    const queue = sitePages(args.root);
    const pages = {};
    const worker = async () => {
      for (let page = queue.shift(); page; page = queue.shift()) {
        pages[page] = await checkPage(browser, origin, args.root, page, args.screenshots);
      }
    };
    const workers = Array.from({ length: Number(args.jobs) }, worker);
    const [tabs] = await Promise.all([checkTabs(browser, origin, args.root, args.screenshots), ...workers]);
    return {
      browser: { version: await browser.version(), executable },
      pages: Object.fromEntries(Object.keys(pages).sort().map((page) => [page, pages[page]])),
      tabs,
      seconds: (performance.now() - started) / 1000,
    };
  };
  const report = await withDeadline(args.timeout, work, stop);
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 1)}\n`);
}

exitWith(main(), 'check-site.mjs');
