// Opens chapter 6's staged demo pages in headless Chromium and writes what they measured.
//
//   node web/run.mjs --root <staged dir> --pages pytorch,tensorflow --out <result.json>
//                    [--repeats 20] [--warmup 3] [--timeout 120]
//   node web/run.mjs --which                     prints the browser it would launch
//   node web/run.mjs --root <staged dir> --serve  only serves the folder, for a person's browser
//
// Exit status: 0 done, 3 no browser found, 1 any other failure (the message is on stderr).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ISOLATED, exitWith, findBrowser, launch, serve, withDeadline } from './browser.mjs';

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
    const server = await serve(args.root, ISOLATED);
    console.log(`serving ${args.root} at http://127.0.0.1:${server.address().port}/ until stopped`);
    return new Promise(() => {});
  }
  const executable = await findBrowser();
  const server = await serve(args.root, ISOLATED);
  let launching;
  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await launching?.then((browser) => browser.close()).catch(() => {});
  };
  const work = async () => {
    launching = launch(executable);
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
  const record = await withDeadline(args.timeout, work, stop);
  fs.writeFileSync(args.out, `${JSON.stringify(record, null, 1)}\n`);
}

exitWith(main(), 'run.mjs');
