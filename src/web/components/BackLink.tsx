import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';

/** The link state a list gives its rows, so that the detail page's back link returns to the list as filtered. */
export const backTo = (pathAndSearch: string) => ({ back: pathAndSearch });

/**
 * "Back to the list": to the list the page was opened from, with its filters and tab (link state
 * from `backTo`), or to `to` when the page was opened some other way (a bookmark, the screen pop).
 */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  const back = (useLocation().state as { back?: unknown } | null)?.back;
  const target = typeof back === 'string' && (back === to || back.startsWith(`${to}?`)) ? back : to;
  return (
    <Link to={target} data-testid="back-link">
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
        {children}
      </Button>
    </Link>
  );
}
