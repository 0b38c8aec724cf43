import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

describe.skipIf(!haveChromium)('知识库 (knowledge base) in Chromium', () => {
  it('a search in Traditional characters finds the Simplified article, which a team lead opens and edits', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, h.url, 'lead');
    await page.getByTestId('main-menu').getByText(zhCN['menu.knowledge'], { exact: true }).click();
    await page.getByTestId('page-knowledge').waitFor();
    await page.getByTestId('kb-result').first().waitFor();

    // 噪音擾民 (Traditional) → the article 噪音扰民投诉的受理口径 (Simplified), the words marked
    const search = page.getByTestId('kb-search').locator('input');
    await search.fill('噪音擾民');
    await search.press('Enter');
    await expect.poll(async () => page.getByTestId('kb-result-title').first().textContent(), { timeout: 15_000 }).toContain('噪音扰民');
    const first = page.getByTestId('kb-result').first();
    expect(await first.getByTestId('kb-result-title').locator('mark').allTextContents()).toContain('噪音扰民');
    expect(await page.getByTestId('kb-total').textContent()).toMatch(/找到 \d+ 篇文章/);
    await shot(page, 'knowledge-search-traditional');

    // open it: the Markdown is rendered (a heading, a table, a quote), not shown as source
    await first.getByTestId('kb-result-title').click();
    await page.getByTestId('kb-article-title').waitFor();
    expect(await page.getByTestId('kb-article-title').textContent()).toContain('噪音扰民投诉的受理口径');
    const body = page.getByTestId('kb-article-body');
    expect(await body.locator('h3').first().textContent()).toBe('先问清噪音来源');
    expect(await body.locator('table td').first().textContent()).toBe('建筑工地夜间施工');
    expect(await body.locator('blockquote').count()).toBe(1);
    expect(await body.textContent()).not.toContain('##');
    // the workbench's panel, here with the articles of the same scenarios; one opens beside the page
    const related = page.getByTestId('kb-suggestions').getByTestId('kb-suggestion');
    await related.first().waitFor();
    expect(await related.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('如何受理一件投诉')]));
    await shot(page, 'knowledge-article');
    await related.filter({ hasText: '如何受理一件投诉' }).click();
    await expect.poll(async () => page.getByTestId('kb-suggestion-body').textContent(), { timeout: 15_000 }).toContain('五要素');
    await page.keyboard.press('Escape');
    await page.getByTestId('kb-suggestion-body').waitFor({ state: 'detached' });

    // edit as lead: add a point, save; the page shows version 2 with the new text
    await page.getByTestId('kb-edit').click();
    const editor = page.getByTestId('kb-editor-body');
    await editor.waitFor();
    const text = await editor.inputValue();
    await editor.fill(`${text}\n\n## 补充\n\n- 夜间噪音正在发生时，可以同时**拨打 110**。\n`);
    await shot(page, 'knowledge-editor');
    await page.getByTestId('kb-editor-save').click();
    await page.locator('.ant-message-success').waitFor();
    await expect.poll(async () => body.textContent(), { timeout: 15_000 }).toContain('可以同时拨打 110');
    expect(await body.locator('strong', { hasText: '拨打 110' }).count()).toBe(1);
    await expect.poll(async () => page.getByTestId('kb-article-meta').textContent()).toMatch(/版本 2 · 更新 陈刚/);
    await shot(page, 'knowledge-edited');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an agent reads published articles but cannot edit, and does not see drafts', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'agent');
    await page.goto(`${h.url}/knowledge?q=${encodeURIComponent('停水')}`);
    await page.getByTestId('kb-result').first().waitFor();
    expect(await page.getByTestId('kb-result-title').first().textContent()).toContain('停水怎么办');
    expect(await page.getByTestId('kb-new').count()).toBe(0);
    await page.getByTestId('kb-result-title').first().click();
    await page.getByTestId('kb-article-title').waitFor();
    expect(await page.getByTestId('kb-edit').count()).toBe(0);

    await page.goto(`${h.url}/knowledge?q=${encodeURIComponent('供暖季')}`);
    await page.getByTestId('kb-results').waitFor();
    await expect.poll(async () => page.getByTestId('kb-total').textContent()).toContain('找到 0 篇文章');
    await page.close();
  });
});
