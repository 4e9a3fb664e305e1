// What web/run.mjs and web/check-site.mjs share: finding a Chromium, launching it so that it
// reaches nothing but 127.0.0.1, and serving a folder there.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
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
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
// Cross-origin isolation gives performance.now() its fine resolution (5 µs rather than 100 µs
// in Chromium); run.mjs's timings need it.
export const ISOLATED = {
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export class NoBrowser extends Error {}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// CHROME_PATH, then the usual names on PATH, then the Chromium that @sparticuz/chromium unpacks.
export async function findBrowser() {
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

// Puppeteer's own timeout is off: each script keeps its one deadline.
export const launch = (executablePath) => puppeteer.launch({ executablePath, headless: true, args: BROWSER_ARGS, timeout: 0 });

// Serves `root` on 127.0.0.1 (file names as they are, no percent-decoding), with `headers` on
// every answer.
export function serve(root, headers = {}) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    const file = path.join(base, path.normalize(pathname === '/' ? '/index.html' : pathname));
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

// Runs `work` against `deadline_s` and SIGINT/SIGTERM; `stop` runs in every case.
export async function withDeadline(deadline_s, work, stop) {
  let abort;
  const aborted = new Promise((_, reject) => { abort = reject; });
  const timer = setTimeout(() => abort(new Error(`timed out after ${deadline_s} s`)), Number(deadline_s) * 1000);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => abort(new Error(`stopped by ${signal}`)));
  try {
    return await Promise.race([work(), aborted]);
  } finally {
    clearTimeout(timer);
    await stop();
  }
}

// Exit status: 0 done, NO_BROWSER when no browser was found, 1 any other failure.
export function exitWith(promise, name) {
  promise.then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof NoBrowser ? error.message : `${name}: ${error.message}`);
      process.exit(error instanceof NoBrowser ? NO_BROWSER : 1);
    },
  );
}
