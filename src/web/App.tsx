import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import zhTWLocale from 'antd/locale/zh_TW';
import { Navigate, Route, Routes } from 'react-router';
import { WorkbenchPage } from './pages/workbench/WorkbenchPage.js';
import { useMe } from './auth.js';
import { AppLayout } from './components/AppLayout.js';
import { ErrorState } from './components/States.js';
import { useI18n, type Language } from './i18n/index.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { StandardsPage } from './pages/standards/StandardsPage.js';
import { ArticlePage } from './pages/knowledge/ArticlePage.js';
import { KnowledgePage } from './pages/knowledge/KnowledgePage.js';
import { QaListPage } from './pages/qa/QaListPage.js';
import { TicketsPage } from './pages/tickets/TicketsPage.js';
import { TicketDetailPage } from './pages/tickets/TicketDetailPage.js';
import { CalendarPage } from './pages/settings/CalendarPage.js';
import { ScorecardPage } from './pages/qa/ScorecardPage.js';
import { CallsPage } from './pages/calls/CallsPage.js';
import { CallDetailPage } from './pages/calls/CallDetailPage.js';
import { PublicHotlinePage } from './pages/staffing/PublicHotlinePage.js';
import { StaffingPage } from './pages/staffing/StaffingPage.js';
import { MonthlyReportPage } from './pages/reports/MonthlyReportPage.js';
import { ReportsPage } from './pages/reports/ReportsPage.js';
import { canPlanStaffing, canViewWallboard, landingOf } from './sections.js';
import { WallboardPage } from './pages/wallboard/WallboardPage.js';

const antdLocales = { 'zh-CN': zhCNLocale, 'zh-TW': zhTWLocale, en: enUS } satisfies Record<Language, unknown>;

const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={antdLocales[lang]} theme={{ token: { colorPrimary: '#c8102e', fontFamily, borderRadius: 6 } }}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}


function Shell() {
  const me = useMe();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data)
    return (
      <Routes>
        <Route path="/hotline/:slug" element={<PublicHotlinePage />} />
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  const user = me.data;
  const home = landingOf(user.role, user.sections);
  return (
    <Routes>
      <Route path="/hotline/:slug" element={<PublicHotlinePage />} />
      <Route element={<AppLayout me={user} />}>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="/login" element={<Navigate to={home} replace />} />
        <Route path="/workbench" element={<WorkbenchPage me={user} />} />
        <Route path="/reports" element={<ReportsPage me={user} />} />
        <Route path="/reports/monthly" element={<MonthlyReportPage me={user} />} />
        <Route path="/wallboard" element={canViewWallboard(user.role) ? <WallboardPage me={user} /> : <NotFoundPage />} />
        <Route path="/reports/staffing" element={canPlanStaffing(user.role) ? <StaffingPage /> : <NotFoundPage />} />
        <Route path="/calls" element={<CallsPage me={user} />} />
        <Route path="/calls/:id" element={<CallDetailPage me={user} />} />
        <Route path="/tickets" element={<TicketsPage me={user} />} />
        <Route path="/tickets/:id" element={<TicketDetailPage me={user} />} />
        <Route path="/qa" element={user.sections.includes('qa') ? <QaListPage me={user} /> : <NotFoundPage />} />
        <Route path="/qa/:id" element={<ScorecardPage />} />
        <Route path="/knowledge" element={<KnowledgePage me={user} />} />
        <Route path="/knowledge/:id" element={<ArticlePage me={user} />} />
        <Route path="/standards" element={<StandardsPage me={user} />} />
        <Route path="/settings" element={<SettingsPage me={user} />} />
        <Route path="/settings/calendar" element={<CalendarPage me={user} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
