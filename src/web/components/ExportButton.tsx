import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState, type MouseEvent } from 'react';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';

/** The file name the server gave (`filename*=UTF-8''…` first, then `filename="…"`). */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? null;
}

/**
 * 导出 Excel: downloads the file in the page, so a refused export (too many rows, 422 EXPORT_TOO_LARGE;
 * a role without the right, 403) is told in the person's language as any other refusal is, instead of
 * the browser opening the server's JSON. Still a link: Ctrl/⌘/Shift-click opens it in a new tab.
 */
export function ExportButton({ href, testId, children }: { href: string; testId: string; children: React.ReactNode }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const res = await fetch(href, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
        throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText, body?.error?.details);
      }
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = filenameOf(res.headers.get('content-disposition')) ?? 'export.xlsx';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    } catch (err) {
      void message.error({ key: 'export', content: <span data-testid="export-error">{err instanceof ApiError ? err.message : t('export.failed')}</span>, duration: 8 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} href={href} onClick={(e) => void download(e)} loading={busy} data-testid={testId}>
      {children}
    </Button>
  );
}
