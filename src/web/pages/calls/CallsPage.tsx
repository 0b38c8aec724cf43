import { Result, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import type { Me } from '../../auth.js';
import { useI18n } from '../../i18n/index.js';
import { CallbacksTab } from './CallbacksTab.js';
import { CallsList } from './CallsList.js';
import { ConnectionsTab } from './ConnectionsTab.js';
import { TeamBoard } from './TeamBoard.js';

type Tab = 'list' | 'board' | 'callbacks' | 'connections';

const supervisors = ['admin', 'manager', 'lead'];
const hotline = ['admin', 'manager', 'lead', 'agent'];

/** Which tabs a role sees, matching what the API lets it read. */
export function tabsFor(me: Me): Tab[] {
  const tabs: Tab[] = ['list'];
  if (supervisors.includes(me.role)) tabs.push('board');
  if (hotline.includes(me.role)) tabs.push('callbacks');
  if (me.role === 'admin') tabs.push('connections');
  return tabs;
}

/** 通话: the call records, the team board, callback tasks and (for admins) the switch connections, one tab each. */
export function CallsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  if (!me.sections.includes('calls')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  const tabs = tabsFor(me);
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : 'list';
  const content = (k: Tab) =>
    k === 'list' ? <CallsList me={me} /> : k === 'board' ? <TeamBoard /> : k === 'callbacks' ? <CallbacksTab /> : <ConnectionsTab />;
  return (
    <div data-testid="page-calls">
      <h2 style={{ marginTop: 0 }}>{t('menu.calls')}</h2>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => setParams(k === 'list' ? {} : { tab: k })}
        items={tabs.map((k) => ({ key: k, label: <span data-testid={`calls-tab-${k}`}>{t(`calls.tab.${k}`)}</span>, children: content(k) }))}
      />
    </div>
  );
}
