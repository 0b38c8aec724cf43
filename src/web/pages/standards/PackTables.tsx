import { Descriptions, List, Table, Tag, Typography } from 'antd';
import type { Pack } from '../../../shared/standards/schema.js';
import { callerTextKinds } from '../../../shared/tickets/caller-texts.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';

const severityColor = { minor: 'default', major: 'orange', fatal: 'red' } as const;

export function TabooTab({ pack }: { pack: Pack }) {
  const { t } = useI18n();
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pack.taboo.classes}
        columns={[
          { title: t('std.class'), dataIndex: 'name', width: 120, render: (v: string, c) => <Typography.Text strong>{v}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }} translate="no">{c.id}</Typography.Text></Typography.Text> },
          { title: t('std.severity'), dataIndex: 'severity', width: 100, render: (v: keyof typeof severityColor) => <Tag color={severityColor[v]}>{t(`std.severity.${v}`)}</Tag> },
          {
            title: t('std.phrases'),
            dataIndex: 'phrases',
            render: (ps: Pack['taboo']['classes'][number]['phrases']) =>
              ps.map((p) => {
                const text = typeof p === 'string' ? p : p.text;
                const alt = typeof p === 'string' ? undefined : p.alternative;
                return (
                  <Tag key={text} color="red" title={alt ? labelled(t, t('std.alternative'), alt) : undefined} style={{ marginBottom: 4 }}>
                    {text}
                  </Tag>
                );
              }),
          },
          { title: t('std.exceptions'), dataIndex: 'exceptions', render: (ps: string[]) => ps.map((p) => <Tag key={p} color="green" style={{ marginBottom: 4 }}>{p}</Tag>) },
          { title: t('std.alternative'), dataIndex: 'alternative', width: 260, render: (v?: string) => v ?? '—' },
        ]}
      />
      {pack.taboo.exceptions.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{labelled(t, t('std.exceptions'))}</Typography.Text>
          {pack.taboo.exceptions.map((p) => (
            <Tag key={p} color="green">
              {p}
            </Tag>
          ))}
        </div>
      )}
    </>
  );
}

export function CategoriesTab({ pack }: { pack: Pack }) {
  const { t } = useI18n();
  const priorityName = (id: string) => pack.priorities.find((p) => p.id === id)?.name ?? id;
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        style={{ marginBottom: 24 }}
        dataSource={pack.priorities}
        columns={[
          { title: t('std.priority'), dataIndex: 'name', width: 100, render: (v: string, p) => <Tag color="volcano">{v} · {p.label}</Tag> },
          { title: t('std.name'), dataIndex: 'description' },
          { title: t('std.respondWithin'), dataIndex: 'respondWithin', width: 120, render: (v: string) => <Tag>{v}</Tag> },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pack.categories}
        columns={[
          { title: t('std.category'), dataIndex: 'name', width: 140, render: (v: string, c) => <Typography.Text strong>{v}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }} translate="no">{c.id}</Typography.Text></Typography.Text> },
          { title: t('std.name'), dataIndex: 'description', render: (v?: string) => v ?? '' },
          { title: t('std.subCategories'), dataIndex: 'subCategories', render: (subs: Pack['categories'][number]['subCategories']) => subs.map((s) => <Tag key={s.id}>{s.name}</Tag>) },
          { title: t('std.defaultPriority'), dataIndex: 'defaultPriority', width: 110, render: (v: string) => priorityName(v) },
        ]}
      />
    </>
  );
}

const limits = ['firstContact', 'dispatch', 'departmentSignIn', 'reply', 'resolution', 'callback', 'updateEvery'] as const;

export function SlaTab({ pack }: { pack: Pack }) {
  const { t } = useI18n();
  const name = (list: Array<{ id: string; name: string }>, id: string) => (id === '*' ? t('std.any') : (list.find((x) => x.id === id)?.name ?? id));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('std.durationHelp')}</Typography.Paragraph>
      <Table
        rowKey={(p) => `${p.category}/${p.subCategory ?? ''}/${p.priority}`}
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={pack.slaPolicies}
        columns={[
          { title: t('std.category'), key: 'c', render: (_: unknown, p) => `${name(pack.categories, p.category)}${p.subCategory ? ` / ${p.subCategory}` : ''}` },
          { title: t('std.priority'), key: 'p', render: (_: unknown, p) => name(pack.priorities, p.priority) },
          ...limits.map((k) => ({ title: t(`std.sla.${k}`), dataIndex: k, render: (v?: string) => (v ? <Tag color="geekblue">{v}</Tag> : '—') })),
        ]}
      />
      {pack.commitments.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('std.commitments')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={pack.commitments}
            renderItem={(c) => (
              <List.Item>
                <Tag color="geekblue">{c.within}</Tag> {c.name}
                {c.description ? <Typography.Text type="secondary"> — {c.description}</Typography.Text> : null}
              </List.Item>
            )}
          />
        </>
      )}
      {pack.callerTexts && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('std.callerTexts')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('std.callerTextsHelp')}</Typography.Paragraph>
          {pack.callerTexts.quietHours && (
            <Typography.Paragraph data-testid="std-caller-texts-quiet">
              {t('std.callerTextsQuiet').replace('{start}', pack.callerTexts.quietHours.start).replace('{end}', pack.callerTexts.quietHours.end)}
            </Typography.Paragraph>
          )}
          <List
            size="small"
            bordered
            data-testid="std-caller-texts"
            dataSource={callerTextKinds.flatMap((kind) => (pack.callerTexts?.[kind] ? [{ kind, text: pack.callerTexts[kind] }] : []))}
            renderItem={(x) => (
              <List.Item>
                <Tag color="geekblue">{t(`tk.texts.kind.${x.kind}`)}</Tag> {x.text}
              </List.Item>
            )}
          />
        </>
      )}
    </>
  );
}

export function CustomerTypesTab({ pack }: { pack: Pack }) {
  const { t } = useI18n();
  return (
    <List
      grid={{ gutter: 16, xs: 1, md: 2 }}
      dataSource={pack.customerTypes}
      renderItem={(c) => (
        <List.Item>
          <Descriptions title={c.name} column={1} size="small" bordered styles={{ label: { width: 100, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('std.cues')}>{c.cues.join(';')}</Descriptions.Item>
            <Descriptions.Item label={t('std.approach')}>
              <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                {c.approach.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ol>
            </Descriptions.Item>
            {c.scripts.length > 0 && <Descriptions.Item label={t('std.script')}>{c.scripts.map((s) => `“${s}”`).join(' ')}</Descriptions.Item>}
            {c.avoid.length > 0 && <Descriptions.Item label={t('std.avoid')}>{c.avoid.join(';')}</Descriptions.Item>}
          </Descriptions>
        </List.Item>
      )}
    />
  );
}
