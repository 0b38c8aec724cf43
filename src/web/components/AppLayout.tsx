import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  FileTextOutlined,
  LogoutOutlined,
  PhoneOutlined,
  ReadOutlined,
  DashboardOutlined,
  ScheduleOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Section } from '../../shared/roles.js';
import { menuOf, type Extra } from '../sections.js';
import { useAuthActions, type Me } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { LiveProvider } from '../live.js';
import { AgentStateControl, LiveIndicator } from './AgentStateControl.js';
import { NotificationBell } from './NotificationBell.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { ScreenPopHost } from './ScreenPop.js';

const icons: Record<Section, ReactNode> = {
  workbench: <CustomerServiceOutlined />,
  tickets: <FileTextOutlined />,
  calls: <PhoneOutlined />,
  qa: <AuditOutlined />,
  reports: <BarChartOutlined />,
  knowledge: <ReadOutlined />,
  standards: <BookOutlined />,
  settings: <SettingOutlined />,
};
const extraIcons: Record<Extra, ReactNode> = { wallboard: <DashboardOutlined />, staffing: <ScheduleOutlined /> };

/** The signed-in frame, with the live feed (one WebSocket per session) and the screen pop it opens. */
export function AppLayout({ me }: { me: Me }) {
  return (
    <LiveProvider agentNo={me.agentNo}>
      <Frame me={me} />
      <ScreenPopHost me={me} />
    </LiveProvider>
  );
}

function Frame({ me }: { me: Me }) {
  const { t } = useI18n();
  const { logout } = useAuthActions();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = menuOf(me.role, me.sections);
  // the longest path that the location starts with: /reports/staffing, not /reports
  const selectedKey = menu
    .map((m) => m.path)
    .filter((p) => location.pathname === p || location.pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} theme="dark" width={200}>
        <div style={{ color: '#fff', padding: '18px 20px', fontSize: 18, fontWeight: 700, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <AlertOutlined style={{ color: '#ff4d4f', marginRight: 8 }} />
          {t('app.name')}
        </div>
        <Menu
          data-testid="main-menu"
          theme="dark"
          mode="inline"
          selectedKeys={selectedKey ? [selectedKey] : []}
          items={menu.map((m) => ({
            key: m.path,
            icon: m.kind === 'section' ? icons[m.key] : extraIcons[m.key],
            // a link, so the page can be opened in a new tab or window (the wallboard on a wall screen)
            label: (
              <a
                href={m.path}
                onClick={(e) => {
                  // a plain click navigates in the app; with Ctrl, ⌘ or Shift the browser opens a tab or window
                  if (e.ctrlKey || e.metaKey || e.shiftKey) e.stopPropagation();
                  else e.preventDefault();
                }}
              >
                {t(`menu.${m.key}`)}
              </a>
            ),
          }))}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong ellipsis style={{ fontSize: 16, maxWidth: '45%' }}>
            {me.org.name}
          </Typography.Text>
          <Space size="middle" wrap={false}>
            <LiveIndicator />
            <NotificationBell />
            {me.agentNo && ['admin', 'manager', 'lead', 'agent'].includes(me.role) && <AgentStateControl />}
            <LanguageSwitch />
            <Space size={4} data-testid="current-user">
              <UserOutlined />
              <span>{me.displayName}</span>
              <Tag color="red">{t(`role.${me.role}`)}</Tag>
              {me.agentNo && (
                <Tag>
                  {t('agentNo')} {me.agentNo}
                </Tag>
              )}
            </Space>
            <Button
              data-testid="logout"
              icon={<LogoutOutlined />}
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24, padding: 24, background: '#fff', borderRadius: 8, minHeight: 360 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
