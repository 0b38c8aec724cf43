import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import zhTWLocale from 'antd/locale/zh_TW';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useMe } from './auth.js';
import { AppLayout } from './components/AppLayout.js';
import { ErrorState } from './components/States.js';
import { useI18n, type Language } from './i18n/index.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { canPlanStaffing, canViewWallboard, landingOf } from './sections.js';

/**
 * Each page is its own chunk, loaded when its route is first opened (an agent's browser does not download the
 * wallboard's and reports' charts); AppLayout shows a spinner in the content area meanwhile.
 */
const WorkbenchPage = lazy(() => import('./pages/workbench/WorkbenchPage.js').then((m) => ({ default: m.WorkbenchPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const StandardsPage = lazy(() => import('./pages/standards/StandardsPage.js').then((m) => ({ default: m.StandardsPage })));
const ArticlePage = lazy(() => import('./pages/knowledge/ArticlePage.js').then((m) => ({ default: m.ArticlePage })));
const KnowledgePage = lazy(() => import('./pages/knowledge/KnowledgePage.js').then((m) => ({ default: m.KnowledgePage })));
const QaListPage = lazy(() => import('./pages/qa/QaListPage.js').then((m) => ({ default: m.QaListPage })));
const TicketsPage = lazy(() => import('./pages/tickets/TicketsPage.js').then((m) => ({ default: m.TicketsPage })));
const TicketDetailPage = lazy(() => import('./pages/tickets/TicketDetailPage.js').then((m) => ({ default: m.TicketDetailPage })));
const CalendarPage = lazy(() => import('./pages/settings/CalendarPage.js').then((m) => ({ default: m.CalendarPage })));
const ScorecardPage = lazy(() => import('./pages/qa/ScorecardPage.js').then((m) => ({ default: m.ScorecardPage })));
const CallsPage = lazy(() => import('./pages/calls/CallsPage.js').then((m) => ({ default: m.CallsPage })));
const CallDetailPage = lazy(() => import('./pages/calls/CallDetailPage.js').then((m) => ({ default: m.CallDetailPage })));
const PublicHotlinePage = lazy(() => import('./pages/staffing/PublicHotlinePage.js').then((m) => ({ default: m.PublicHotlinePage })));
const StaffingPage = lazy(() => import('./pages/staffing/StaffingPage.js').then((m) => ({ default: m.StaffingPage })));
const MonthlyReportPage = lazy(() => import('./pages/reports/MonthlyReportPage.js').then((m) => ({ default: m.MonthlyReportPage })));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.js').then((m) => ({ default: m.ReportsPage })));
const WallboardPage = lazy(() => import('./pages/wallboard/WallboardPage.js').then((m) => ({ default: m.WallboardPage })));

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
      <Suspense fallback={<Spin fullscreen />}>
        <Routes>
          <Route path="/hotline/:slug" element={<PublicHotlinePage />} />
          <Route path="*" element={<LoginPage />} />
        </Routes>
      </Suspense>
    );
  const user = me.data;
  const home = landingOf(user.role, user.sections);
  return (
    <Routes>
      <Route
        path="/hotline/:slug"
        element={
          <Suspense fallback={<Spin fullscreen />}>
            <PublicHotlinePage />
          </Suspense>
        }
      />
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
