import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { packRules, toQaConfig } from '../../../shared/standards/qa.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { checkIdsInOrder, checkName } from '../qa/checkLabels.js';
import { keys } from '../../queryKeys.js';

interface RuleRow {
  check: string;
  name: string;
  weight: number;
  fatal: boolean;
  disabled: boolean;
}

/**
 * 质检规则: the pack's QA checks — the 18 standard ones, its custom rules and its
 * scenarios' forbidden phrasings — with their weight and, for the people who may see it,
 * how often reviews overturn their findings, so a rule's owners see when it misfires.
 */
export function QaRulesTab({ pack, calibrated }: { pack: Pack; calibrated: boolean }) {
  const { t, lang } = useI18n();
  const rows = useMemo((): RuleRow[] => {
    const config = toQaConfig(pack);
    const own = packRules(config);
    const custom = new Map(own.map((r) => [r.id, r.name] as const));
    const weights = config.weights as Record<string, number>;
    return [
      ...checkIdsInOrder.map((check) => ({ check, name: checkName(check, lang, custom), weight: weights[check] ?? 0, fatal: config.fatal.includes(check as never), disabled: config.disabled.includes(check as never) })),
      ...own.map((r) => ({ check: r.id, name: r.name, weight: r.weight, fatal: r.fatal, disabled: false })),
    ];
  }, [pack, lang]);
  const calibration = useQuery({ queryKey: keys.qa.calibration, queryFn: () => api('GET /api/qa/calibration'), enabled: calibrated, staleTime: 60_000 });
  const byCheck = new Map((calibration.data?.items ?? []).map((i) => [i.check, i] as const));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('std.qa.hint')}</Typography.Paragraph>
      <Table<RuleRow>
        size="small"
        rowKey="check"
        pagination={false}
        dataSource={rows}
        data-testid="std-qa-rules"
        columns={[
          {
            title: t('std.qa.check'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <span>
                {name} {r.fatal && <Tag color="red">{t('std.qa.fatal')}</Tag>}
                {r.disabled && <Tag>{t('std.qa.disabled')}</Tag>}
              </span>
            ),
          },
          { title: t('std.qa.weight'), dataIndex: 'weight', align: 'right' },
          ...(calibrated
            ? [
                {
                  title: t('std.qa.overturn'),
                  key: 'overturn',
                  align: 'right' as const,
                  render: (_: unknown, r: RuleRow) => {
                    const c = byCheck.get(r.check);
                    if (!c || c.overturnRate === null) return '—';
                    return `${Math.round(c.overturnRate * 100)}% (${c.overturned}/${c.reviewed})`;
                  },
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
