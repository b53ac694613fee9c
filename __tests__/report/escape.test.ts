import { describe, expect, it } from 'vitest';
import { escapeCode, escapeMarkdown, markdownLink, safeUrl, sanitizeText } from '../../src/report/escape.js';

/** Characters that may only appear escaped (preceded by a backslash) or not at all in escaped text. */
function unescapedMarkdown(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('`*_[]()#!~|${}'.includes(c) && text[i - 1] !== '\\') found.push(c);
    if (c === '\\') i++; // an escape: skip the escaped character
  }
  return found;
}

describe('escapeMarkdown', () => {
  it('turns HTML into entities', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).not.toMatch(/[<>]/);
    expect(escapeMarkdown('&lt; already an entity')).toBe('&amp;lt; already an entity');
  });

  it('escapes pipes so a table cell cannot be split', () => {
    expect(escapeMarkdown('a | col | b')).toBe('a \\| col \\| b');
  });

  it('escapes backticks, emphasis, links, images, headings, strikethrough and math', () => {
    const hostile = '`code` *bold* _it_ [x](https://evil.example) ![img](x) # h ~~s~~ $x$ \\n';
    const escaped = escapeMarkdown(hostile);
    expect(unescapedMarkdown(escaped)).toEqual([]);
    expect(escaped).toBe(
      '\\`code\\` \\*bold\\* \\_it\\_ \\[x\\]\\(https\\://evil.example\\) \\!\\[img\\]\\(x\\) \\# h \\~\\~s\\~\\~ \\$x\\$ \\\\n',
    );
  });

  it('keeps bare URLs, www names and e-mail addresses from becoming GFM autolinks', () => {
    expect(escapeMarkdown('see https://evil.example/login or www.evil.example, mail a@evil.example')).toBe(
      'see https\\://evil.example/login or www\\.evil.example, mail a\\@evil.example',
    );
    expect(escapeMarkdown('Fix: retry at 12:30')).toBe('Fix: retry at 12:30');
  });

  it('neutralises workflow expressions and shell substitutions', () => {
    expect(escapeMarkdown('${{ secrets.X }}')).toBe('\\$\\{\\{ secrets.X \\}\\}');
    expect(escapeMarkdown('$(rm -rf /)')).toBe('\\$\\(rm -rf /\\)');
  });

  it('collapses newlines so a row or list item stays one line', () => {
    expect(escapeMarkdown('line one\n\n## heading\r\n| a | b |\u2028next')).toBe('line one \\#\\# heading \\| a \\| b \\| next');
  });

  it('strips control characters and bidi overrides', () => {
    const text = escapeMarkdown('safe\u202Etxt.exe\u0000\u0007\u001b[31m\u2066x\u2069\u200F\uFEFF');
    expect(text).toBe('safetxt.exe\\[31mx');
    expect(text).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
  });

  it('truncates long strings with an ellipsis, by code point', () => {
    const long = 'x'.repeat(10_000);
    expect(escapeMarkdown(long, 50)).toBe(`${'x'.repeat(49)}…`);
    expect(Array.from(sanitizeText('😀'.repeat(300))).length).toBe(120);
    expect(sanitizeText('😀'.repeat(300))).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  });

  it('truncates before escaping, so no escape is cut in half', () => {
    const text = escapeMarkdown('|'.repeat(100), 10);
    expect(text).toBe(`${'\\|'.repeat(9)}…`);
  });

  it('replaces lone surrogates, which UTF-8 cannot encode', () => {
    expect(sanitizeText('a\uD800b')).toBe('a\uFFFDb');
  });

  it('leaves ordinary titles readable', () => {
    expect(escapeMarkdown('Add cart: faster checkout, v1.4.0 (beta)')).toBe('Add cart: faster checkout, v1.4.0 \\(beta\\)');
    expect(escapeMarkdown('👨‍👩‍👧 family emoji keeps its joiners')).toBe('👨‍👩‍👧 family emoji keeps its joiners');
  });
});

describe('escapeCode', () => {
  it('wraps escaped text in <code>, never in backticks the input could close', () => {
    expect(escapeCode('feat/`x`<b>')).toBe('<code>feat/\\`x\\`&lt;b&gt;</code>');
  });
});

describe('safeUrl and markdownLink', () => {
  it('accepts http(s) only', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl('https://github.com/acme/shop/pull/1')).toBe('https://github.com/acme/shop/pull/1');
  });

  it('percent-encodes characters that would end the link or the table cell', () => {
    expect(safeUrl('https://example.com/a)b|c(d')).toBe('https://example.com/a%29b%7Cc%28d');
  });

  it('links escaped text, and falls back to the text alone for unsafe URLs', () => {
    expect(markdownLink('#1 [evil](x)', 'https://github.com/a/b/pull/1')).toBe('[\\#1 \\[evil\\]\\(x\\)](https://github.com/a/b/pull/1)');
    expect(markdownLink('click', 'javascript:alert(1)')).toBe('click');
  });
});
