// Opens chapter 6's staged demo pages in headless Chromium and writes what they measured.
//
//   node web/run.mjs --root <staged dir> --pages pytorch,tensorflow --out <result.json>
//                    [--repeats 20] [--warmup 3] [--timeout 120]
//   node web/run.mjs --which                     prints the browser it would launch
//   node web/run.mjs --root <staged dir> --serve  only serves the folder, for a person's browser
//
// Exit status: 0 done, 3 no browser found, 1 any other failure (the message is on stderr).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';

const NO_BROWSER = 3;
const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];
// Beside puppeteer's defaults (no background networking, sync or first-run tasks): nothing but
// 127.0.0.1 resolves, and no component updates, reliability reports or QUIC are tried.
const BROWSER_ARGS = [
  '--no-sandbox',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-quic',
];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

class NoBrowser extends Error {}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// CHROME_PATH, then the usual names on PATH, then the Chromium that @sparticuz/chromium unpacks.
async function findBrowser() {
  const tried = [];
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    tried.push(`CHROME_PATH=${fromEnv}`);
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of BROWSER_NAMES) {
    const found = dirs.map((dir) => path.join(dir, name)).find(isExecutable);
    if (found) return found;
    tried.push(name);
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await chromium.executablePath();
  } catch (error) {
    tried.push(`@sparticuz/chromium (${error.message.split('\n')[0]})`);
  }
  throw new NoBrowser(`no browser found: tried ${tried.join(', ')}`);
}

// Serves `root` on 127.0.0.1 (file names as they are, no percent-decoding), cross-origin isolated
// so that performance.now() has its fine resolution (5 µs rather than 100 µs in Chromium).
function serve(root) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    const file = path.join(base, path.normalize(pathname === '/' ? '/index.html' : pathname));
    const headers = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { ...headers, 'Content-Type': type });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// LiteRT.js writes its native log, INFO lines included, to console.error; only the rest is kept.
const isLog = (text) => text.startsWith('INFO: ');

// Waits for the page's window.demoDone; an uncaught error in the page ends the wait at once.
// Puppeteer's own timeouts are off: the run's one deadline is kept by main().
async function runPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  let crashed;
  const crash = new Promise((_, reject) => { crashed = reject; });
  crash.catch(() => {});
  page.on('console', (message) => {
    if (message.type() === 'error' && !isLog(message.text())) errors.push(`${message.text()} (${message.location().url ?? url})`);
  });
  page.on('pageerror', (error) => {
    errors.push(`${error.name}: ${error.message}`);
    crashed(new Error(`uncaught ${error.name}: ${error.message}`));
  });
  page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
  try {
    const response = await page.goto(url, { timeout: 0 });
    if (!response.ok()) throw new Error(`HTTP ${response.status()}`);
    await Promise.race([page.waitForFunction('window.demoDone === true', { timeout: 0, polling: 100 }), crash]);
  } catch (error) {
    throw new Error(`${url}: ${error.message}${errors.length ? `; console: ${errors.join(' | ')}` : ''}`);
  }
  const result = await page.evaluate(() => window.demoResult);
  await page.close();
  return { result, errors };
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      root: { type: 'string' },
      pages: { type: 'string', default: 'pytorch,tensorflow' },
      out: { type: 'string' },
      repeats: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      timeout: { type: 'string', default: '120' },
      which: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
    },
  });
  if (args.which) {
    console.log(await findBrowser());
    return;
  }
  if (!args.root || !(args.out || args.serve)) throw new Error('--root and --out are required');
  if (!fs.existsSync(args.root)) throw new Error(`--root ${args.root} does not exist`);
  for (const key of ['repeats', 'warmup', 'timeout']) {
    if (!(Number(args[key]) >= 0)) throw new Error(`--${key} takes a number, not ${args[key]}`);
  }
  if (args.serve) {
    const server = await serve(args.root);
    console.log(`serving ${args.root} at http://127.0.0.1:${server.address().port}/ until stopped`);
    return new Promise(() => {});
  }
  const executable = await findBrowser();
  const server = await serve(args.root);
  let launching;
  let abort;
  const aborted = new Promise((_, reject) => { abort = reject; });
  const timer = setTimeout(() => abort(new Error(`timed out after ${args.timeout} s`)), Number(args.timeout) * 1000);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => abort(new Error(`stopped by ${signal}`)));
  const stop = async () => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
    await launching?.then((browser) => browser.close()).catch(() => {});
  };
  const work = async () => {
    launching = puppeteer.launch({
      executablePath: executable,
      headless: true,
      args: BROWSER_ARGS,
      timeout: 0,
    });
    const browser = await launching;
    const origin = `http://127.0.0.1:${server.address().port}`;
    const query = new URLSearchParams({ repeats: args.repeats, warmup: args.warmup });
    const record = { browser: { version: await browser.version(), executable }, pages: {}, console_errors: {} };
    for (const name of args.pages.split(',').filter(Boolean)) {
      const { result, errors } = await runPage(browser, `${origin}/${name}.html?${query}`);
      record.pages[name] = result;
      record.console_errors[name] = errors;
    }
    return record;
  };
  try {
    const record = await Promise.race([work(), aborted]);
    fs.writeFileSync(args.out, `${JSON.stringify(record, null, 1)}\n`);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof NoBrowser ? error.message : `run.mjs: ${error.message}`);
    process.exit(error instanceof NoBrowser ? NO_BROWSER : 1);
  },
);
