import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown.js';

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('knowledge article Markdown', () => {
  it('renders headings one level down, lists, tables, quotes and code', () => {
    const out = html(['# 停水报修', '', '1. 核实地址', '2. 登记工单', '', '- 临时供水', '', '> 先安抚来电人', '', '| 区域 | 时限 |', '|---|---|', '| 城区 | 2 小时 |', '', '```', 'a < b', '```', '', '**重要** *提示* `代码`'].join('\n'));
    expect(out).toMatch(/<h2[^>]*>停水报修<\/h2>/);
    expect(out).toMatch(/<ol[^>]*>\s*<li>核实地址<\/li>\s*<li>登记工单<\/li>\s*<\/ol>/);
    expect(out).toMatch(/<ul[^>]*>\s*<li>临时供水<\/li>\s*<\/ul>/);
    expect(out).toMatch(/<blockquote[^>]*>\s*<p[^>]*>先安抚来电人<\/p>\s*<\/blockquote>/);
    expect(out).toMatch(/<th[^>]*>区域<\/th>/);
    expect(out).toMatch(/<td[^>]*>2 小时<\/td>/);
    expect(out).toContain('<code>a &lt; b\n</code>');
    expect(out).toContain('<strong>重要</strong> <em>提示</em> <code>代码</code>');
  });

  it('never renders HTML, scripts or images from the text', () => {
    const out = html('<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n![统计](https://tracker.example/p.png)\n\n<a href="javascript:alert(3)">点我</a>');
    expect(out).not.toMatch(/<script|<img|onerror|<a /);
    expect(out).not.toContain('javascript:');
  });

  it('links only to http(s), mailto, tel and this site’s paths; outside links open a new tab', () => {
    const out = html('[官网](https://www.example.gov.cn) [内部](/knowledge/42) [邮件](mailto:a@example.com) [电话](tel:12345) [坏](javascript:alert(1)) [跨站](//evil.example/x) [数据](data:text/html,x)');
    expect(out).toContain('<a href="https://www.example.gov.cn" target="_blank" rel="noopener noreferrer">官网</a>');
    expect(out).toContain('<a href="/knowledge/42" rel="noopener noreferrer">内部</a>');
    expect(out).toContain('<a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">邮件</a>');
    expect(out).toContain('<a href="tel:12345" target="_blank" rel="noopener noreferrer">电话</a>');
    for (const label of ['坏', '跨站', '数据']) expect(out).toMatch(new RegExp(`[ >]${label}[ <]`));
    expect(out).not.toMatch(/javascript:|evil\.example|data:text/);
  });
});
