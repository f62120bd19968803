import { type DefaultTreeAdapterTypes, parse, defaultTreeAdapter as tree } from 'parse5';
import type { Block } from './blocks.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Never the page's text: scripts, styles, forms and the site's own navigation. */
const SKIPPED = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object']);
const SITE_CHROME = new Set(['nav', 'aside', 'form', 'button', 'select', 'textarea', 'dialog']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Elements that end the paragraph before them and start a new one (the rest are inline: a, em, strong, span…). */
const BLOCK_LEVEL = new Set([
  ...HEADINGS,
  ...['address', 'article', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption'],
  ...['figure', 'footer', 'header', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table'],
  ...['tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul'],
]);

/**
 * A page saved from a browser, read as a browser reads it (parse5 follows the WHATWG parsing rules, entities and
 * unclosed tags included). Only the page's `<main>` (or `<article>`) is read when it has one, so the site's header
 * and footer stay out; `h1`–`h6` are headings, every other block of text a paragraph, its white space collapsed
 * as a browser shows it and `<br>` kept as a line break.
 */
export function htmlBlocks(html: string): Block[] {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const root = find(document, 'main') ?? find(document, 'article') ?? document;
  const blocks: Block[] = [];
  let text = '';
  let line = 0;
  let heading = false;

  const flush = () => {
    const lines = text.split('\n').map((part) => part.replace(/[ \t\n\f\r]+/g, ' ').trim());
    const joined = lines.filter(Boolean).join('\n');
    if (joined) blocks.push({ kind: heading ? 'heading' : 'paragraph', text: joined, line });
    text = '';
    heading = false;
  };
  const walk = (node: Node) => {
    if (tree.isTextNode(node)) {
      if (!text.trim()) line = node.sourceCodeLocation?.startLine ?? line;
      text += node.value.replace(/\n/g, ' ');
      return;
    }
    if (!tree.isElementNode(node) && !('childNodes' in node)) return;
    const name = tree.isElementNode(node) ? node.tagName : '';
    if (SKIPPED.has(name) || SITE_CHROME.has(name)) return;
    if (name === 'br') {
      text += '\n';
      return;
    }
    const block = BLOCK_LEVEL.has(name);
    if (block) flush();
    heading = heading || HEADINGS.has(name);
    for (const child of tree.getChildNodes(node as Element)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}

function find(node: Node, tagName: string): Element | undefined {
  if (tree.isElementNode(node) && node.tagName === tagName) return node;
  if (!('childNodes' in node)) return undefined;
  for (const child of node.childNodes) {
    const found = find(child, tagName);
    if (found) return found;
  }
  return undefined;
}
