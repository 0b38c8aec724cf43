import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Picks an option of a select (its test id, or the select itself) by its label, and checks it was taken:
 * under load a click can land while the dropdown is still opening.
 */
export async function chooseOption(page: Page, select: string | Locator, label: string) {
  const box = typeof select === 'string' ? page.getByTestId(select) : select;
  await expect
    .poll(
      async () => {
        if (!((await box.textContent()) ?? '').includes(label)) {
          await box.click();
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click({ timeout: 5_000 }).catch(() => undefined);
        }
        return box.textContent();
      },
      { timeout: 20_000 },
    )
    .toContain(label);
}

/** Takes a ticket action on the ticket page through its dialog, and fails with the server's words when it is refused. */
export async function act(page: Page, action: string, opts: { reason?: string; department?: string; satisfaction?: string; extensionDays?: number } = {}) {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal');
  // a click that lands while the dialog is still zooming in can be lost; wait for it to settle
  await expect.poll(async () => (await modal.getAttribute('class')) ?? 'ant-zoom').not.toContain('ant-zoom');
  const choose = (testId: string, label: string) => chooseOption(page, testId, label);
  if (opts.department) await choose('action-department', opts.department);
  if (opts.satisfaction) await choose('action-satisfaction', opts.satisfaction);
  if (opts.extensionDays) await modal.locator('.ant-input-number input').fill(String(opts.extensionDays));
  if (opts.reason) await page.getByTestId('action-reason').fill(opts.reason);
  await page.getByTestId('action-confirm').click();
  // either the modal closes, or the server's answer (or the form's) is shown in it: then fail with those words
  const error = modal.locator('.ant-alert-error, .ant-form-item-explain-error').first();
  await Promise.race([modal.waitFor({ state: 'detached' }), error.waitFor()]);
  if (await error.count()) throw new Error(`${action} was refused: ${await error.textContent()}`);
}

/** The page refetches after an action; wait for the new state rather than read a stale one. */
export const expectStatus = (page: Page, label: string) =>
  expect.poll(async () => (await page.getByTestId('ticket-status').textContent())?.trim(), { timeout: 15_000 }).toBe(label);
