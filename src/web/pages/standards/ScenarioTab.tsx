import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { FollowUp, Pack, Scenario } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import { labelled, paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { formatProblem, problemsOf, type PackProblem } from './api.js';
import { keys } from '../../queryKeys.js';

function FollowUpTag({ f, pack }: { f: FollowUp; pack: Pack }) {
  const { t } = useI18n();
  const label = t(`std.followUp.${f.type}`);
  const detail = (() => {
    switch (f.type) {
      case 'transfer':
        return pack.callRules.transfer?.targets?.find((x) => x.id === f.target)?.name ?? f.target;
      case 'ticket': {
        const c = pack.categories.find((x) => x.id === f.category);
        const p = pack.priorities.find((x) => x.id === f.priority);
        return `${c?.name ?? f.category} · ${p?.name ?? f.priority}`;
      }
      case 'report':
        return f.to;
      case 'callback':
        return f.within;
      case 'sms':
        return f.content;
      case 'note':
        return f.text;
    }
  })();
  return (
    <Tag color="blue" style={{ whiteSpace: 'normal', marginBottom: 4 }}>
      {label}: {detail}
      {f.when ? ` (${f.when})` : ''}
    </Tag>
  );
}

export function ScenarioDetail({ s, pack }: { s: Scenario; pack: Pack }) {
  const { t } = useI18n();
  return (
    <Descriptions column={1} size="small" bordered styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}>
      {s.description && <Descriptions.Item label={t('std.name')}>{s.description}</Descriptions.Item>}
      <Descriptions.Item label={t('std.triggers')}>
        {s.triggers.keywords.map((k) => (
          <Tag key={k}>{k}</Tag>
        ))}
        {s.triggers.situations.map((k) => (
          <Tag key={k} color="purple">
            {k}
          </Tag>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('std.steps')}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {s.steps.map((step, i) => (
            <li key={i} style={{ marginBottom: 6 }}>
              {step.when && <Tag color="gold">{labelled(t, t('std.when'), step.when)}</Tag>}
              {step.action && <Typography.Text type="secondary">{step.action} </Typography.Text>}
              {step.script && <Typography.Text strong>“{step.script}”</Typography.Text>}
              {step.waitSeconds !== undefined && <Tag style={{ marginLeft: 6 }}>{`${t('std.wait')} ${step.waitSeconds}${t('std.seconds')}`}</Tag>}
            </li>
          ))}
        </ol>
      </Descriptions.Item>
      {s.forbidden.length > 0 && (
        <Descriptions.Item label={t('std.forbidden')}>
          {s.forbidden.map((k) => (
            <Tag key={k} color="red">
              {k}
            </Tag>
          ))}
        </Descriptions.Item>
      )}
      {s.followUp.length > 0 && (
        <Descriptions.Item label={t('std.followUp')}>
          {s.followUp.map((f, i) => (
            <FollowUpTag key={i} f={f} pack={pack} />
          ))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export function ScenarioTab({ pack, canEdit }: { pack: Pack; canEdit: boolean }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Scenario | null>(null);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim();
    const m = new Map<string, Scenario[]>();
    for (const s of pack.scenarios) {
      if (q && !`${s.name}${s.id}${s.triggers.keywords.join('')}${s.steps.map((x) => x.script ?? '').join('')}`.includes(q)) continue;
      m.set(s.group, [...(m.get(s.group) ?? []), s]);
    }
    return [...m.entries()];
  }, [pack, query]);

  return (
    <>
      <Input.Search allowClear placeholder={t('std.name')} value={query} onChange={(e) => setQuery(e.target.value)} style={{ maxWidth: 320, marginBottom: 12 }} />
      {groups.map(([group, list]) => (
        <div key={group} style={{ marginBottom: 16 }}>
          <Typography.Title level={5} style={{ marginTop: 8 }}>
            {group} <Tag>{list.length}</Tag>
          </Typography.Title>
          <Collapse
            size="small"
            items={list.map((s) => ({
              key: s.id,
              label: (
                <Space>
                  <span data-testid={`scenario-${s.id}`}>{s.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} translate="no">
                    {s.id}
                  </Typography.Text>
                </Space>
              ),
              extra: canEdit ? (
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  data-testid={`edit-${s.id}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    setEditing(s);
                  }}
                >
                  {t('std.edit')}
                </Button>
              ) : undefined,
              children: <ScenarioDetail s={s} pack={pack} />,
            }))}
          />
        </div>
      ))}
      {editing && <EditScenarioModal pack={pack} scenario={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface FormValues {
  name: string;
  steps: Array<{ action?: string; script?: string; when?: string; waitSeconds?: number | null }>;
  forbidden: string[];
  note?: string;
}

/** Editing a scenario saves a whole new version of the pack; the server validates it like an upload. */
function EditScenarioModal({ pack, scenario, onClose }: { pack: Pack; scenario: Scenario; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<PackProblem[] | null>(null);
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const steps = v.steps.map((s) => {
        const step: Record<string, unknown> = {};
        if (s.action?.trim()) step.action = s.action.trim();
        if (s.script?.trim()) step.script = s.script.trim();
        if (s.when?.trim()) step.when = s.when.trim();
        if (typeof s.waitSeconds === 'number') step.waitSeconds = s.waitSeconds;
        return step;
      });
      const next = { ...pack, scenarios: pack.scenarios.map((s) => (s.id === scenario.id ? { ...s, name: v.name, steps, forbidden: v.forbidden } : s)) };
      return api('POST /api/standards/versions', { json: { pack: next, note: v.note || `${scenario.name}`, activate: true } });
    },
    onSuccess: (r) => {
      void message.success(r.unchanged ? t('std.unchanged') : `${t('std.saved')} v${r.version.version}`);
      void qc.invalidateQueries({ queryKey: keys.standards.all });
      onClose();
    },
    onError: (err) => {
      const p = problemsOf(err);
      if (p) setProblems(p);
      else void message.error(err.message);
    },
  });
  return (
    <Modal open width={820} title={`${t('std.editScenario')} · ${scenario.name}`} onCancel={onClose} onOk={() => form.submit()} okText={t('std.saveVersion')} cancelText={t('common.cancel')} confirmLoading={save.isPending} okButtonProps={{ ...({ 'data-testid': 'scenario-save' } as Record<string, string>) }}>
      {problems && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('std.errors')} description={problems.map(formatProblem).join('\n')} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ name: scenario.name, steps: scenario.steps.map((s) => ({ ...s, waitSeconds: s.waitSeconds ?? null })), forbidden: scenario.forbidden }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t('std.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.List name="steps">
          {(fields) =>
            fields.map((f, i) => (
              <Space key={f.key} align="start" style={{ display: 'flex' }} wrap={false}>
                <Typography.Text strong style={{ width: 20, display: 'inline-block', paddingTop: 30 }}>
                  {i + 1}
                </Typography.Text>
                <Form.Item name={[f.name, 'action']} label={t('std.action')} style={{ width: 200 }}>
                  <Input.TextArea autoSize />
                </Form.Item>
                <Form.Item name={[f.name, 'script']} label={t('std.script')} style={{ width: 420 }}>
                  <Input.TextArea autoSize data-testid={`step-script-${i}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'waitSeconds']} label={paren(t, t('std.wait'), t('std.seconds'))} style={{ width: 90 }}>
                  <InputNumber min={0} />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
        <Form.Item name="forbidden" label={t('std.forbidden')}>
          <Select mode="tags" tokenSeparators={[',', ',']} />
        </Form.Item>
        <Form.Item name="note" label={t('std.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
