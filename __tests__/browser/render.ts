/**
 * A job summary as GitHub shows it, in headless Chromium (issue 12 point 9): GitHub-flavoured
 * Markdown turned into HTML in Node (marked, with marked-alert for `> [!WARNING]` blocks; raw HTML
 * such as <details> kept), laid out with a few lines of GitHub-like CSS, and every ```mermaid block
 * drawn by mermaid 11 inside the page, as GitHub does.
 *
 * Debian's Chromium (/usr/bin/chromium) runs it, driven by puppeteer-core, which downloads no
 * browser of its own. The page loads nothing from the network: every request is refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked, type Tokens } from 'marked';
import markedAlert from 'marked-alert';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { DomWindow } from './page-facts.js';

/**
 * Debian's Chromium, which .ci/run installs; else CHROMIUM_PATH, or the Google Chrome that GitHub's
 * ubuntu runners ship (the CI workflow there runs npm test too). Never a browser downloaded for us.
 */
export const CHROMIUM =
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => p && fs.existsSync(p)) ?? '/usr/bin/chromium';

const MERMAID_JS = fileURLToPath(new URL('../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url));

/** The machine has no network: nothing in the browser should try to reach one. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** About the width of a job summary on a laptop screen. */
const VIEWPORT = { width: 1012, height: 800 };

const escapeForPre = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const markdown = new Marked({ gfm: true }, markedAlert(), {
  renderer: {
    // GitHub replaces a ```mermaid block with the diagram; mermaid.run() reads the source from <pre class="mermaid">.
    code(token: Tokens.Code) {
      return token.lang === 'mermaid' ? `<pre class="mermaid">${escapeForPre(token.text)}</pre>\n` : false;
    },
  },
});

/** The body of a job summary, as HTML: GitHub-flavoured Markdown with tables, alerts and raw HTML kept. */
export function renderGithubMarkdown(md: string): string {
  return markdown.parse(md, { async: false });
}

/** A light GitHub look: enough for a readable screenshot, not a copy of GitHub's stylesheet. */
const CSS = `
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
.markdown-body { box-sizing: border-box; max-width: 1012px; padding: 24px 32px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.25em; }
a { color: #0969da; text-decoration: none; }
code { font: 85% ui-monospace, "Liberation Mono", monospace; background: #eff1f3; border-radius: 6px; padding: .2em .4em; }
table { border-collapse: collapse; display: block; overflow: auto; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
summary { cursor: pointer; }
details { margin-bottom: 16px; }
pre.mermaid { background: none; text-align: center; }
.markdown-alert { border-left: .25em solid; padding: .5em 1em; margin: 0 0 16px; }
.markdown-alert > :last-child { margin-bottom: 0; }
.markdown-alert-title { display: flex; align-items: center; gap: 8px; font-weight: 500; margin: 0 0 8px; }
.markdown-alert-title svg { fill: currentColor; }
.markdown-alert-note { border-color: #0969da; } .markdown-alert-note .markdown-alert-title { color: #0969da; }
.markdown-alert-tip { border-color: #1a7f37; } .markdown-alert-tip .markdown-alert-title { color: #1a7f37; }
.markdown-alert-important { border-color: #8250df; } .markdown-alert-important .markdown-alert-title { color: #8250df; }
.markdown-alert-warning { border-color: #9a6700; } .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-alert-caution { border-color: #d1242f; } .markdown-alert-caution .markdown-alert-title { color: #d1242f; }
`;

/** A whole page around `bodyHtml`. */
function summaryDocument(bodyHtml: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Job summary</title><style>${CSS}</style></head><body><article class="markdown-body">${bodyHtml}</article></body></html>`;
}

/** Debian's Chromium, headless, with a fresh profile that close() deletes. */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
    defaultViewport: VIEWPORT,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What mermaid said: the messages of the diagrams it could not draw (empty when all drew). */
export interface RenderedPage {
  readonly page: Page;
  readonly mermaidErrors: readonly string[];
}

/**
 * A new tab showing `html` (from renderGithubMarkdown) with every <details> opened and every
 * mermaid chart drawn. The details open first: mermaid measures its text, which it cannot do in a
 * closed <details>. Resolves when mermaid.run() has settled, not after a delay.
 */
export async function pageFor(browser: Browser, html: string): Promise<RenderedPage> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => void request.abort());
  await page.setContent(summaryDocument(html), { waitUntil: 'load' });
  await page.addScriptTag({ path: MERMAID_JS });
  const mermaidErrors = await page.evaluate(async () => {
    const window = globalThis as unknown as DomWindow & { readonly mermaid: any };
    for (const details of Array.from(window.document.querySelectorAll('details'))) details.open = true;
    const errors: string[] = [];
    const mermaid = window.mermaid;
    mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict', deterministicIds: true });
    mermaid.parseError = (error: unknown) => void errors.push(String((error as { message?: string })?.message ?? error));
    try {
      await mermaid.run({ querySelector: 'pre.mermaid' });
    } catch (error) {
      if (errors.length === 0) errors.push(String(error));
    }
    return [...new Set(errors)];
  });
  return { page, mermaidErrors };
}
