import { useQuery } from '@tanstack/react-query';
import { Collapse, Table, Tag, Typography } from 'antd';
import { api, type Answer } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { checkName, type CustomRuleNames } from './checkLabels.js';
import { keys } from '../../queryKeys.js';

/** The answer of GET /api/qa/calibration, as its zod schema declares it. */
type Calibration = Answer<'GET /api/qa/calibration'>;
export type CheckCalibration = Calibration['items'][number];
export type InspectorAgreement = Calibration['inspectors'][number];

/** A check whose reviewed findings are overturned this often (with enough reviews) is flagged as misfiring. */
const MISFIRE_RATE = 0.3;
const MIN_REVIEWED = 3;

/**
 * 规则校准: per check, how often people overturn its machine findings, so the owners of a
 * rule see when it misfires (GET /api/qa/calibration).
 */
export function CalibrationCard({ custom }: { custom: CustomRuleNames }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: keys.qa.calibration, queryFn: () => api('GET /api/qa/calibration'), staleTime: 60_000 });
  const items = q.data?.items ?? [];
  const people = (q.data?.inspectors ?? []).filter((p) => p.compared > 0);
  if (items.length === 0) return null;
  const misfiring = items.filter((i) => i.reviewed >= MIN_REVIEWED && (i.overturnRate ?? 0) >= MISFIRE_RATE).length;
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="qa-calibration"
      items={[
        {
          key: 'calibration',
          label: (
            <span>
              {t('qa.calibration.title')} {misfiring > 0 && <Tag color="orange">{t('qa.calibration.misfiring').replace('{n}', String(misfiring))}</Tag>}
            </span>
          ),
          children: (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                {t('qa.calibration.hint')}
              </Typography.Paragraph>
              <Table<CheckCalibration>
                size="small"
                rowKey="check"
                pagination={false}
                dataSource={[...items].sort((a, b) => (b.overturnRate ?? -1) - (a.overturnRate ?? -1) || b.findings - a.findings)}
                columns={[
                  { title: t('qa.calibration.check'), dataIndex: 'check', render: (c: string) => checkName(c, lang, custom) },
                  { title: t('qa.calibration.findings'), dataIndex: 'findings', align: 'right' },
                  { title: t('qa.calibration.reviewed'), dataIndex: 'reviewed', align: 'right' },
                  { title: t('qa.calibration.overturned'), dataIndex: 'overturned', align: 'right' },
                  {
                    title: t('qa.calibration.rate'),
                    dataIndex: 'overturnRate',
                    align: 'right',
                    render: (r: number | null, row) =>
                      r === null ? '—' : <span style={{ color: row.reviewed >= MIN_REVIEWED && r >= MISFIRE_RATE ? '#d4380d' : undefined }}>{`${Math.round(r * 100)}%`}</span>,
                  },
                ]}
              />
              {people.length > 0 && (
                <>
                  <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
                    {t('qa.calibration.agreementHint')}
                  </Typography.Paragraph>
                  <Table<InspectorAgreement>
                    size="small"
                    rowKey="inspectorId"
                    pagination={false}
                    data-testid="qa-agreement"
                    dataSource={people}
                    columns={[
                      { title: t('qa.calibration.inspector'), dataIndex: 'name' },
                      { title: t('qa.calibration.compared'), dataIndex: 'compared', align: 'right' },
                      { title: t('qa.calibration.agreed'), dataIndex: 'agreed', align: 'right' },
                      { title: t('qa.calibration.agreementRate'), dataIndex: 'agreementRate', align: 'right', render: (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`) },
                    ]}
                  />
                </>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
