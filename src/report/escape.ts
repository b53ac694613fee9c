/**
 * Untrusted text (pull request titles, labels, branch names, logins, release names, reasons that
 * quote them) goes into the summary only through these functions, so that no one who can open a
 * pull request can add Markdown, HTML, links or table cells to a report others read.
 */
import { DEFAULT_MAX_LENGTH, sanitizeText } from '../text.js';

export { DEFAULT_MAX_LENGTH, sanitizeText };

// Markdown punctuation that can start emphasis, code, links, images, headings, strikethrough,
// table cells, math (`$`) or escape the next character.
const MARKDOWN = /[\\`*_[\]()#!~|${}]/g;
// GFM's extended autolinks turn bare `https://…`, `www.…` and `a@b.c` into links. A backslash before
// the `:` of `://`, the `.` after `www` and every `@` keeps them text: the autolink scanners only
// start on those characters unescaped.
const AUTOLINK = /:(?=\/\/)|(?<=\bwww)\.|@/gi;

/** `<`, `>` and `&` as entities, so no tag or entity of the input survives. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Untrusted text for a Markdown line or table cell: sanitized, truncated, HTML-escaped, every
 * Markdown punctuation character backslash-escaped (pipes too, so a cell cannot be split), and bare
 * URLs, `www.` names and e-mail addresses escaped so that GFM does not make links of them.
 */
export function escapeMarkdown(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return escapeHtml(sanitizeText(text, maxLength)).replace(MARKDOWN, '\\$&').replace(AUTOLINK, '\\$&');
}

/** Untrusted text shown as code (branch names, tags): `<code>` with the content escaped as above. */
export function escapeCode(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return `<code>${escapeMarkdown(text, maxLength)}</code>`;
}

/**
 * A link target, or null when it is not an http(s) URL. Characters that could end a Markdown link
 * destination or a table cell are percent-encoded.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href.replace(/[()|<>"'`\\ ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)` with the text escaped; the escaped text alone when the URL is not safe. */
export function markdownLink(text: string, url: string | null | undefined, maxLength = DEFAULT_MAX_LENGTH): string {
  const label = escapeMarkdown(text, maxLength);
  const href = safeUrl(url);
  return href === null || label === '' ? label : `[${label}](${href})`;
}
