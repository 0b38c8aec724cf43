import { Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { callLabels, formatKpi, kpiLabel, qaLabels, ticketLabels, type KpiLanguage } from '../../../shared/kpi/labels.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { checkName } from '../qa/checkLabels.js';
import { useCustomRuleNames } from '../qa/useCustomRules.js';
import { useKpiReport, type KpiReport, type KpiRow, type ReportFilter } from './api.js';

type Section = 'calls' | 'tickets' | 'qa';
const tables = { calls: callLabels, tickets: ticketLabels, qa: qaLabels } as const;

/** A column of one figure, sortable, numbers right-aligned. */
function figure(section: Section, key: string, lang: KpiLanguage, th: KpiReport['thresholds']): ColumnsType<KpiRow>[number] {
  const value = (r: KpiRow): number | null => ((r[section] as Record<string, number | null> | undefined)?.[key] ?? null);
  return {
    key: `${section}.${key}`,
    title: kpiLabel(tables[section], key, lang, th),
    align: 'right',
    sorter: (a, b) => (value(a) ?? -1) - (value(b) ?? -1),
    render: (_: unknown, r: KpiRow) => formatKpi(key, value(r), lang),
  };
}

/** A table of report rows: a name column and figures. */
export function RowsTable({
  report,
  nameTitle,
  columns,
  testId,
  defaultSort,
  noneHint,
  hints,
}: {
  report: KpiReport;
  nameTitle: MessageKey;
  columns: Array<[Section, string]>;
  testId: string;
  defaultSort?: string;
  /** what the row without a name holds, in a tooltip on its name */
  noneHint?: MessageKey;
  /** what a figure counts in this table, in a tooltip on its column title (`section.key`) */
  hints?: Partial<Record<string, MessageKey>>;
}) {
  const { t, lang } = useI18n();
  const none = noneHint ? (
    <Tooltip title={t(noneHint)}>
      <span data-testid={`${testId}-none`} style={{ borderBottom: '1px dashed #bfbfbf', cursor: 'help' }}>
        {t('reports.none')}
      </span>
    </Tooltip>
  ) : (
    t('reports.none')
  );
  const cols: ColumnsType<KpiRow> = [
    { key: 'name', title: t(nameTitle), fixed: 'left', render: (_: unknown, r: KpiRow) => r.label || none },
    ...columns
      .filter(([s]) => report.sections.includes(s))
      .map(([s, k]) => {
        const column = figure(s, k, lang as KpiLanguage, report.thresholds);
        const hint = hints?.[`${s}.${k}`];
        const title = hint ? (
          <Tooltip title={t(hint)}>
            <span data-testid={`${testId}-hint-${k}`} style={{ borderBottom: '1px dashed #bfbfbf', cursor: 'help' }}>
              {column.title as string}
            </span>
          </Tooltip>
        ) : (
          column.title
        );
        return { ...column, title, ...(defaultSort === `${s}.${k}` ? { defaultSortOrder: 'descend' as const } : {}) };
      }),
  ];
  return <Table<KpiRow> data-testid={testId} size="small" rowKey="key" columns={cols} dataSource={report.rows} pagination={false} scroll={{ x: 'max-content' }} />;
}

// 放弃量 beside 接通量: the row without an agent holds the calls abandoned before anyone answered, so the rows add up to
// the report's 呼入量 (offered = answered + abandoned)
const agentColumns: Array<[Section, string]> = [
  ['calls', 'answered'],
  ['calls', 'abandoned'],
  ['calls', 'serviceLevelT1'],
  ['calls', 'asaSec'],
  ['calls', 'avgTalkSec'],
  ['calls', 'avgHoldSec'],
  ['calls', 'avgWrapUpSec'],
  ['calls', 'avgHandleSec'],
  ['calls', 'occupancy'],
  ['calls', 'transfers'],
  ['tickets', 'created'],
  ['qa', 'checked'],
  ['qa', 'avgScore'],
  ['qa', 'fatal'],
];

export const departmentColumns: Array<[Section, string]> = [
  ['tickets', 'created'],
  ['tickets', 'finishRate'],
  ['tickets', 'onTimeRate'],
  ['tickets', 'overdueNow'],
  ['tickets', 'returnRate'],
  ['tickets', 'extensionRate'],
  ['tickets', 'surveyRate'],
  ['tickets', 'satisfactionRate'],
];

/**
 * What the department table's rates count (docs/kpi.md, "Departments"): 退单 and 延期 stay with the department that
 * returned the ticket or asked for more time, after a 改派 too.
 */
export const departmentHints: Partial<Record<string, MessageKey>> = {
  'tickets.returnRate': 'reports.hint.departmentReturnRate',
  'tickets.extensionRate': 'reports.hint.departmentExtensionRate',
};

export function AgentRanking({ filter }: { filter: ReportFilter }) {
  const q = useKpiReport({ ...filter, by: 'agent' });
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Table loading />;
  return <RowsTable report={q.data} nameTitle="reports.agent" columns={agentColumns} testId="reports-agents" defaultSort={q.data.sections.includes('calls') ? 'calls.answered' : 'qa.avgScore'} noneHint="reports.noneAgentHint" />;
}

/** 12345 department league: on-time finishing, returns, extensions, satisfaction per 承办单位. */
export function DepartmentLeague({ filter }: { filter: ReportFilter }) {
  const { t } = useI18n();
  const q = useKpiReport({ ...filter, by: 'department' });
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Table loading />;
  return (
    <>
      <RowsTable report={q.data} nameTitle="reports.department" columns={departmentColumns} hints={departmentHints} testId="reports-departments" defaultSort="tickets.onTimeRate" />
      <Typography.Paragraph type="secondary" data-testid="reports-departments-note" style={{ marginTop: 8 }}>
        {t('reports.departmentNote')}
      </Typography.Paragraph>
    </>
  );
}

export function TopChecks({ report }: { report: KpiReport }) {
  const { t, lang } = useI18n();
  const custom = useCustomRuleNames();
  return (
    <>
      <Typography.Title level={5}>{t('reports.topChecks')}</Typography.Title>
      <Table
        data-testid="reports-top-checks"
        size="small"
        rowKey="check"
        pagination={false}
        dataSource={report.topChecks}
        columns={[
          { key: 'check', title: t('reports.topChecks'), render: (_: unknown, r: { check: string }) => checkName(r.check, lang, custom) },
          { key: 'count', title: t('reports.findings'), dataIndex: 'count', align: 'right' },
        ]}
      />
    </>
  );
}
