/**
 * Knowledge articles in Markdown (CommonMark and GitHub's tables, react-markdown + remark-gfm), rendered as
 * React elements and passed through rehype-sanitize, so nothing in an article can run script: raw HTML is
 * not rendered, images are left out (an article cannot make readers' browsers fetch another site), and links
 * go only to http(s), mailto, tel or a path of this site. Headings start one level down (an article's `#` is
 * an h2 under the page's title).
 */
import { createElement, type CSSProperties, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/** Links the article may carry: web, mail and phone addresses, and paths of this site. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^(https?:|mailto:|tel:)/i.test(h)) return h;
  if (h.startsWith('/') && !h.startsWith('//')) return h;
  return null;
}

/** GitHub's sanitising schema, with link protocols narrowed to the ones above. */
const schema = { ...defaultSchema, protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'] } };

const headingSizes = [22, 19, 17, 15, 14, 14];
const cell: CSSProperties = { border: '1px solid #e5e5e5', padding: '4px 10px' };

function heading(level: number): NonNullable<Components['h1']> {
  return function Heading({ node: _node, ...props }) {
    return createElement(`h${Math.min(6, level + 1)}`, { ...props, style: { fontSize: headingSizes[level - 1], margin: '18px 0 8px' } });
  };
}

const components: Components = {
  h1: heading(1),
  h2: heading(2),
  h3: heading(3),
  h4: heading(4),
  h5: heading(5),
  h6: heading(6),
  p: ({ node: _node, ...props }) => <p {...props} style={{ margin: '8px 0' }} />,
  ul: ({ node: _node, ...props }) => <ul {...props} style={{ paddingInlineStart: 24 }} />,
  ol: ({ node: _node, ...props }) => <ol {...props} style={{ paddingInlineStart: 24 }} />,
  blockquote: ({ node: _node, ...props }) => (
    <blockquote {...props} style={{ margin: '10px 0', padding: '6px 14px', borderInlineStart: '4px solid #f0c0c6', background: '#fff7f8', color: 'rgba(0,0,0,0.75)' }} />
  ),
  pre: ({ node: _node, ...props }) => <pre {...props} style={{ background: '#f6f6f6', padding: 12, borderRadius: 6, overflowX: 'auto' }} />,
  table: ({ node: _node, ...props }) => <table {...props} style={{ borderCollapse: 'collapse', margin: '10px 0' }} />,
  th: ({ node: _node, ...props }) => <th {...props} style={{ ...cell, background: '#fafafa', textAlign: 'start' }} />,
  td: ({ node: _node, ...props }) => <td {...props} style={cell} />,
  hr: () => <hr style={{ border: 0, borderTop: '1px solid #eee', margin: '16px 0' }} />,
  a: ({ node: _node, href, children }) => {
    const safe = href ? safeHref(href) : null;
    if (!safe) return <>{children}</>;
    return (
      <a href={safe} target={safe.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer">
        {children}
      </a>
    );
  },
};

export function Markdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="kb-markdown" data-testid={testId} style={{ lineHeight: 1.8, fontSize: 14 }}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[[rehypeSanitize, schema]]} components={components} disallowedElements={['img']} urlTransform={(url) => safeHref(url) ?? ''}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

/** Text with [start, end) ranges marked (search words). */
export function Highlighted({ text, ranges }: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  const out: ReactNode[] = [];
  let last = 0;
  ranges.forEach(([a, b], i) => {
    if (a < last || b > text.length || b <= a) return;
    if (a > last) out.push(text.slice(last, a));
    out.push(
      <mark key={i} style={{ background: '#ffe58f', padding: 0 }}>
        {text.slice(a, b)}
      </mark>,
    );
    last = b;
  });
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}
