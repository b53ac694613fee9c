/**
 * What a rendered summary page shows a person, read in the page: its visible text, its charts (did
 * each draw marks one can see), its alerts and its tables. The functions given to page.evaluate()
 * run in Chromium; they see the page through the few DOM types below, since the typecheck of
 * __tests__ has no DOM library (adding it would clash with Node's fetch types elsewhere).
 */
import type { Page } from 'puppeteer-core';

/** The little of the DOM the page-side code uses. */
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerText: string;
  open: boolean;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getBoundingClientRect(): { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  scrollIntoView(options: { readonly block: 'center' }): void;
  /** An SVG <path>'s length, a point on it, and the matrix from its coordinates to the page's. */
  getTotalLength(): number;
  getPointAtLength(length: number): { matrixTransform(matrix: unknown): { readonly x: number; readonly y: number } };
  getScreenCTM(): unknown;
}

export interface DomWindow {
  readonly document: {
    readonly body: DomElement;
    querySelectorAll(selector: string): ArrayLike<DomElement>;
    elementFromPoint(x: number, y: number): DomElement | null;
  };
  getComputedStyle(element: DomElement): { getPropertyValue(property: string): string };
}

/** One ```mermaid block after mermaid.run(). */
export interface ChartFacts {
  /** The title drawn above the chart, if any. */
  readonly title: string;
  /** An <svg> replaced the source, with a non-zero size. */
  readonly drawn: boolean;
  /** mermaid drew its error picture ("Syntax error in text") or said so. */
  readonly errored: boolean;
  /** Bars (<rect> of a bar plot) with a size and a fill one can see, not wholly covered by another mark. */
  readonly visibleBars: number;
  /** Lines (<path> of a line plot) with a size and a stroke one can see, not wholly covered. */
  readonly visibleLines: number;
  /** The colours of the visible marks, as computed: `rgb(9, 105, 218)`. */
  readonly colours: readonly string[];
}

/** One GitHub alert block. */
export interface AlertFacts {
  readonly tag: string;
  /** `warning`, from the class `markdown-alert-warning`. */
  readonly kind: string;
  readonly title: string;
  /** Its left border as computed: width in px and colour. */
  readonly borderWidth: number;
  readonly borderColour: string;
}

export interface PageFacts {
  /** document.body.innerText: the text a person sees (the <details> are open by then). */
  readonly text: string;
  readonly charts: readonly ChartFacts[];
  readonly alerts: readonly AlertFacts[];
  readonly tables: number;
}

/** Read what the page shows. Call after pageFor(), which opened the <details> and drew the charts. */
export function readPageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate((): PageFacts => {
    const { document, getComputedStyle } = globalThis as unknown as DomWindow;
    const all = (root: { querySelectorAll(s: string): ArrayLike<DomElement> }, selector: string) =>
      Array.from(root.querySelectorAll(selector));

    /** A colour one can see on a white page: not none, not transparent, not white. */
    const seen = (colour: string, opacity: string): boolean => {
      const rgb = /^rgba?\(([^)]*)\)$/.exec(colour.trim());
      if (rgb === null) return colour.startsWith('url(') || colour.startsWith('#');
      const [r = 0, g = 0, b = 0, a = 1] = (rgb[1] as string).split(/[\s,/]+/).map(Number);
      return a > 0 && Number(opacity || '1') > 0 && !(r >= 250 && g >= 250 && b >= 250);
    };
    const shown = (element: DomElement): boolean => {
      const style = getComputedStyle(element);
      return (
        style.getPropertyValue('visibility') !== 'hidden' &&
        style.getPropertyValue('display') !== 'none' &&
        style.getPropertyValue('opacity') !== '0'
      );
    };
    const colourOf = (element: DomElement, paint: 'fill' | 'stroke') => getComputedStyle(element).getPropertyValue(paint);
    /** Nothing else is drawn over `element` at one of these points (of the viewport) at least. */
    const onTop = (element: DomElement, points: readonly { readonly x: number; readonly y: number }[]): boolean =>
      points.some(({ x, y }) => document.elementFromPoint(x, y) === element);
    const isBar = (rect: DomElement): boolean => {
      const { x, y, width, height } = rect.getBoundingClientRect();
      const style = getComputedStyle(rect);
      const painted = seen(style.getPropertyValue('fill'), style.getPropertyValue('fill-opacity'));
      // Its middle, and just inside its top: a bar whose foot another bar covers still shows.
      const points = [
        { x: x + width / 2, y: y + height / 2 },
        { x: x + width / 2, y: y + Math.min(1, height / 2) },
      ];
      return width > 0 && height > 0 && shown(rect) && painted && onTop(rect, points);
    };
    const isLine = (path: DomElement): boolean => {
      const { width, height } = path.getBoundingClientRect();
      const style = getComputedStyle(path);
      const painted = seen(style.getPropertyValue('stroke'), style.getPropertyValue('stroke-opacity'));
      const length = path.getTotalLength();
      const points = Array.from({ length: 11 }, (_, i) => path.getPointAtLength((length * i) / 10).matrixTransform(path.getScreenCTM()));
      const stroked = Number.parseFloat(style.getPropertyValue('stroke-width')) > 0;
      return Math.max(width, height) > 0 && shown(path) && painted && stroked && onTop(path, points);
    };

    const charts = all(document, 'pre.mermaid').map((pre): ChartFacts => {
      // What is on top at a point can be asked only of points in the viewport.
      pre.scrollIntoView({ block: 'center' });
      const svg = pre.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const bars = svg ? all(svg, 'g.plot [class^="bar-plot"] rect').filter(isBar) : [];
      const lines = svg ? all(svg, 'g.plot [class^="line-plot"] path').filter(isLine) : [];
      return {
        title: svg?.querySelector('.chart-title text')?.textContent ?? '',
        drawn: svg !== null && box !== undefined && box.width > 0 && box.height > 0,
        errored: svg === null || svg.getAttribute('aria-roledescription') === 'error' || /Syntax error/i.test(svg.textContent ?? ''),
        visibleBars: bars.length,
        visibleLines: lines.length,
        colours: [...new Set([...bars.map((r) => colourOf(r, 'fill')), ...lines.map((p) => colourOf(p, 'stroke'))])],
      };
    });

    const alerts = all(document, '.markdown-alert').map((alert): AlertFacts => {
      const style = getComputedStyle(alert);
      const kind = /markdown-alert-(\w+)/.exec(alert.getAttribute('class') ?? '')?.[1] ?? '';
      return {
        tag: alert.tagName.toLowerCase(),
        kind,
        title: alert.querySelector('.markdown-alert-title')?.textContent?.trim() ?? '',
        borderWidth: Number.parseFloat(style.getPropertyValue('border-left-width')),
        borderColour: style.getPropertyValue('border-left-color'),
      };
    });

    // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out is the point: hidden nodes left out, as a reader sees it.
    return { text: document.body.innerText, charts, alerts, tables: all(document, 'table').length };
  });
}
