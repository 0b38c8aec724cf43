/**
 * A safe Markdown subset for knowledge articles, rendered as React elements (never as
 * HTML from the text, so nothing in an article can run script): headings, paragraphs,
 * bullet and numbered lists, block quotes, tables, code, rules; inline **bold**, *italic*,
 * `code` and [links](https://…) — links only to http(s), mailto, tel or a path of this site.
 */
import { Fragment, type ReactNode } from 'react';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'rule' };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEP = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const isStart = (l: string, next: string | undefined) =>
    l.trim() === '' || HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || l.trimStart().startsWith('>') || l.trimStart().startsWith('```') || RULE.test(l) || (l.includes('|') && next !== undefined && TABLE_SEP.test(next));
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (line.trimStart().startsWith('```')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith('```'); i++) body.push(lines[i]!);
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h[1]!.length, text: h[2]! });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (line.includes('|') && TABLE_SEP.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== ''; i++) rows.push(cells(lines[i]!));
      blocks.push({ kind: 'table', head, rows });
      continue;
    }
    if (line.trimStart().startsWith('>')) {
      const body: string[] = [];
      for (; i < lines.length && lines[i]!.trimStart().startsWith('>'); i++) body.push(lines[i]!.trimStart().replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', text: body.join(' ') });
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const re = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const m = re.exec(lines[i]!);
        if (m) items.push(m[1]!);
        // a non-blank line that starts nothing new continues the item above
        else if (lines[i]!.trim() !== '' && !isStart(lines[i]!, lines[i + 1]) && items.length > 0) items[items.length - 1] += ` ${lines[i]!.trim()}`;
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const body: string[] = [];
    for (; i < lines.length && (body.length === 0 || !isStart(lines[i]!, lines[i + 1])); i++) body.push(lines[i]!.trim());
    blocks.push({ kind: 'paragraph', text: body.join(' ') });
  }
  return blocks;
}

/** Links the article may carry: web, mail and phone addresses, and paths of this site. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^(https?:|mailto:|tel:)/i.test(h)) return h;
  if (h.startsWith('/') && !h.startsWith('//')) return h;
  return null;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+?\*\*|__[^_]+?__)|(\[[^\]]+\]\([^)\s]+\))|(\*[^*\s][^*]*?\*|_[^_\s][^_]*?_)/g;

export function renderInline(text: string, key = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const k = `${key}.${n++}`;
    const s = m[0];
    if (m[1]) out.push(<code key={k}>{s.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={k}>{renderInline(s.slice(2, -2), k)}</strong>);
    else if (m[3]) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(s)!;
      const safe = safeHref(href!);
      out.push(
        safe ? (
          <a key={k} href={safe} target={safe.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer">
            {renderInline(label!, k)}
          </a>
        ) : (
          <Fragment key={k}>{renderInline(label!, k)}</Fragment>
        ),
      );
    } else out.push(<em key={k}>{renderInline(s.slice(1, -1), k)}</em>);
    last = at + s.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const headingSizes = [22, 19, 17, 15, 14, 14];

export function Markdown({ text, testId }: { text: string; testId?: string }) {
  const blocks = parseBlocks(text);
  return (
    <div className="kb-markdown" data-testid={testId} style={{ lineHeight: 1.8, fontSize: 14 }}>
      {blocks.map((b, i) => {
        const k = `b${i}`;
        switch (b.kind) {
          case 'heading': {
            const Tag = `h${Math.min(6, b.level + 1)}` as 'h2';
            return (
              <Tag key={k} style={{ fontSize: headingSizes[b.level - 1], margin: '18px 0 8px' }}>
                {renderInline(b.text, k)}
              </Tag>
            );
          }
          case 'paragraph':
            return (
              <p key={k} style={{ margin: '8px 0' }}>
                {renderInline(b.text, k)}
              </p>
            );
          case 'list': {
            const items = b.items.map((it, j) => <li key={`${k}.${j}`}>{renderInline(it, `${k}.${j}`)}</li>);
            return b.ordered ? (
              <ol key={k} style={{ paddingInlineStart: 24 }}>
                {items}
              </ol>
            ) : (
              <ul key={k} style={{ paddingInlineStart: 24 }}>
                {items}
              </ul>
            );
          }
          case 'quote':
            return (
              <blockquote key={k} style={{ margin: '10px 0', padding: '6px 14px', borderInlineStart: '4px solid #f0c0c6', background: '#fff7f8', color: 'rgba(0,0,0,0.75)' }}>
                {renderInline(b.text, k)}
              </blockquote>
            );
          case 'code':
            return (
              <pre key={k} style={{ background: '#f6f6f6', padding: 12, borderRadius: 6, overflowX: 'auto' }}>
                <code>{b.text}</code>
              </pre>
            );
          case 'table':
            return (
              <table key={k} style={{ borderCollapse: 'collapse', margin: '10px 0' }}>
                <thead>
                  <tr>
                    {b.head.map((c, j) => (
                      <th key={j} style={{ border: '1px solid #e5e5e5', padding: '4px 10px', background: '#fafafa', textAlign: 'start' }}>
                        {renderInline(c, `${k}.h${j}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {b.rows.map((r, ri) => (
                    <tr key={ri}>
                      {r.map((c, j) => (
                        <td key={j} style={{ border: '1px solid #e5e5e5', padding: '4px 10px' }}>
                          {renderInline(c, `${k}.${ri}.${j}`)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          case 'rule':
            return <hr key={k} style={{ border: 0, borderTop: '1px solid #eee', margin: '16px 0' }} />;
        }
      })}
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
