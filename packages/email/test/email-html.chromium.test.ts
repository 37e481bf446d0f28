import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderEmail } from '@tocsin/channel-kit';
import { createAlert } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPng } from './read-png.js';

/**
 * The HTML part as a mail client shows it: rendered by headless Chromium (Debian's
 * `chromium`) and screenshotted into a temporary folder. The alert carries scripts, event
 * handlers and remote images aimed at a canary host that Chromium resolves to a local
 * counting server: none may run or load. A control page with the same text left unescaped
 * proves that they would have.
 *
 * Chromium is a system package: without it these tests skip and say so, except with
 * CI=true, where its absence fails (.ci/run installs it). `pnpm --filter @tocsin/email
 * doc-image` runs them with TOCSIN_UPDATE_DOC_IMAGE=1 to refresh docs/images/email-alert.png.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const DOC_IMAGE = fileURLToPath(new URL('../../../docs/images/email-alert.png', import.meta.url));
const INSTALL_HINT =
  'install it with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium/Chrome binary';

if (!HAVE_CHROMIUM) {
  if (process.env.CI === 'true') {
    describe('the HTML part in headless Chromium', () => {
      it('needs Chromium in CI', () => {
        throw new Error(`Chromium was not found at ${CHROMIUM}; ${INSTALL_HINT}.`);
      });
    });
  } else {
    console.warn(
      `[@tocsin/email] skipped: the headless Chromium checks of the HTML part (no Chromium at ${CHROMIUM}; ${INSTALL_HINT}).`,
    );
  }
}

const alert = createAlert({
  id: 'a1b2c3d4-docs-example',
  title: "Checkout API down <script>document.title='PWNED'</script>",
  body: [
    'Health check failed 5 times in a row (HTTP 503 from checkout-7f9c).',
    'Last error payload, shown as text, never run:',
    '<img src="http://canary.test/body-img" onerror="document.body.dataset.pwned=\'yes\'">',
    '<script>fetch("http://canary.test/body-script")</script>',
  ].join('\n'),
  level: 'critical',
  labels: {
    service: 'checkout',
    region: 'eu-west-1',
    runbook: '"><svg onload="fetch(\'http://canary.test/label\')">',
  },
  source: 'healthcheck',
  timestamp: new Date('2025-06-01T09:30:00Z'),
});

let canary: FakeHttpServer;
let work: string;

beforeAll(async () => {
  canary = await startFakeHttpServer();
  work = await mkdtemp(join(tmpdir(), 'tocsin-chromium-'));
});
afterAll(async () => {
  await canary?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Run headless Chromium on a local file; every request to canary.test goes to the counting server. */
async function chromium(page: string, ...extra: string[]): Promise<string> {
  const profile = await mkdtemp(join(work, 'profile-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    `--host-resolver-rules=MAP canary.test 127.0.0.1:${canary.port}`,
    // Let timers, scripts and loads run their course before the dump or the screenshot.
    '--virtual-time-budget=3000',
    ...extra,
    pathToFileURL(page).href,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      CHROMIUM,
      args,
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`));
        else resolve(stdout);
      },
    );
  });
}

const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe.runIf(HAVE_CHROMIUM)('the HTML part in headless Chromium', () => {
  it('renders the alert (banner, title, body) as a mail client shows it', {
    timeout: 90_000,
  }, async () => {
    const { html } = renderEmail(alert);
    const page = join(work, 'alert.html');
    await writeFile(page, html ?? '');
    const shot = join(work, 'alert.png');
    await chromium(page, `--screenshot=${shot}`, '--window-size=800,900');

    const file = await readFile(shot);
    expect(file.length).toBeGreaterThan(20_000);
    const png = readPng(file);
    expect([png.width, png.height]).toEqual([800, 900]);
    // The CRITICAL banner (#ff0000) spans the card near the top; the page around it is grey.
    let red = 0;
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < png.width; x++) {
        const [r, g, b] = png.pixel(x, y);
        if (r === 255 && g === 0 && b === 0) red++;
      }
    }
    expect(red).toBeGreaterThan(10_000);
    expect(png.pixel(5, 5).slice(0, 3)).toEqual([0xf3, 0xf4, 0xf6]);
    // Text was drawn: the card area holds many dark pixels (title and body).
    let dark = 0;
    for (let y = 100; y < 600; y++) {
      for (let x = 100; x < 700; x++) {
        const [r, g, b] = png.pixel(x, y);
        if (r < 100 && g < 100 && b < 100) dark++;
      }
    }
    expect(dark).toBeGreaterThan(2_000);
    expect(canary.requests).toHaveLength(0);
    // Only on request, and only a screenshot that passed the checks, replaces the docs' one.
    if (process.env.TOCSIN_UPDATE_DOC_IMAGE === '1') {
      await mkdir(dirname(DOC_IMAGE), { recursive: true });
      await copyFile(shot, DOC_IMAGE);
    }
  });

  it('runs no script and loads nothing from the alert text; an unescaped control page does', {
    timeout: 90_000,
  }, async () => {
    const { html, subject } = renderEmail(alert);
    const page = join(work, 'dom.html');
    await writeFile(page, html ?? '');
    const dom = await chromium(page, '--dump-dom');

    expect(dom).toContain('Checkout API down');
    expect(decode(/<title>([^<]*)<\/title>/.exec(dom)?.[1] ?? '')).toBe(subject);
    expect(dom).not.toMatch(/<(script|img|svg)\b/i);
    expect(dom).not.toContain('data-pwned="yes"');
    expect(canary.requests).toHaveLength(0);

    // Control: the same text dropped into a page unescaped runs and loads, so the checks above can fail.
    const control = join(work, 'control.html');
    const labels = Object.values(alert.labels).join(' ');
    await writeFile(
      control,
      `<!DOCTYPE html><html><head><title>x</title></head><body><h1>${alert.title}</h1><pre>${alert.body}</pre><p>${labels}</p></body></html>`,
    );
    const controlDom = await chromium(control, '--dump-dom');
    expect(/<title>([^<]*)<\/title>/.exec(controlDom)?.[1]).toBe('PWNED');
    expect(canary.requests.map((r) => r.url).sort()).toEqual(
      expect.arrayContaining(['/body-img', '/body-script']),
    );
  });
});
