import { Alert, App, Button, Form, Input, Modal, Select, Space, Tabs, Typography } from 'antd';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { useActivePack } from '../standards/api.js';
import { useSaveArticle, versionConflict, type Article, type ArticleInput } from './api.js';
import { Markdown } from './Markdown.js';

interface Props {
  open: boolean;
  /** The article to edit; absent for a new one. */
  article?: Article | undefined;
  onClose: () => void;
  onSaved: (a: Article) => void;
  /** Reload the article after a conflict (the page refetches it). */
  onReload?: () => Promise<Article | undefined>;
}

/** 编辑文章: title, tags, linked scenarios, Markdown body with a preview; saves as the next version. */
export function ArticleEditor({ open, article, onClose, onSaved, onReload }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ArticleInput>();
  const save = useSaveArticle();
  const pack = useActivePack();
  const [version, setVersion] = useState(article?.version);
  const [conflict, setConflict] = useState<{ currentVersion: number; updatedBy: string | null } | null>(null);
  const [tab, setTab] = useState('write');
  const body = Form.useWatch('body', form) ?? '';

  // A fresh start when the dialog opens or another article is loaded into it (not when the same one is refetched).
  const openedFor = open ? (article?.id ?? '') : null;
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (openedFor !== shownFor) {
    setShownFor(openedFor);
    if (openedFor !== null) {
      setVersion(article?.version);
      setConflict(null);
      setTab('write');
    }
  }
  const load = useEffectEvent(() => {
    form.setFieldsValue({ title: article?.title ?? '', body: article?.body ?? '', tags: article?.tags ?? [], scenarioIds: article?.scenarioIds ?? [] });
    save.reset();
  });
  useEffect(() => {
    if (openedFor !== null) load();
  }, [openedFor]);

  const scenarioOptions = useMemo(() => {
    const known = (pack.data?.content.scenarios ?? []).map((s) => ({ value: s.id, label: paren(t, s.name, s.id) }));
    const extra = (article?.scenarioIds ?? []).filter((id) => !known.some((k) => k.value === id)).map((id) => ({ value: id, label: id }));
    return [...known, ...extra];
  }, [pack.data, article?.scenarioIds, t]);

  const submit = async (publish: boolean) => {
    let values: ArticleInput;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      const input = { ...values, body: values.body ?? '', tags: values.tags ?? [], scenarioIds: values.scenarioIds ?? [], publish };
      // an article being edited saves its next version from the one the edit started from
      const saved = await save.mutateAsync(article && version !== undefined ? { ...input, id: article.id, version } : input);
      void message.success(publish ? t('kb.publishedOk') : t('kb.savedOk'));
      onSaved(saved);
    } catch (err) {
      const c = versionConflict(err);
      if (c) setConflict(c);
      else void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  const reload = async () => {
    const latest = await onReload?.();
    if (!latest) return;
    form.setFieldsValue({ title: latest.title, body: latest.body, tags: latest.tags, scenarioIds: latest.scenarioIds });
    setVersion(latest.version);
    setConflict(null);
  };

  const canPublish = !article || article.status !== 'published';
  return (
    <Modal
      open={open}
      width={920}
      title={article ? t('kb.editTitle') : t('kb.new')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button data-testid="kb-editor-save" type={canPublish ? 'default' : 'primary'} loading={save.isPending} onClick={() => void submit(false)}>
            {article ? t('common.save') : t('kb.saveDraft')}
          </Button>
          {canPublish && (
            <Button data-testid="kb-editor-publish" type="primary" loading={save.isPending} onClick={() => void submit(true)}>
              {t('kb.saveAndPublish')}
            </Button>
          )}
        </Space>
      }
    >
      {conflict && (
        <Alert
          data-testid="kb-conflict"
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('kb.conflict').replace('{name}', conflict.updatedBy ?? t('kb.someone')).replace('{v}', String(conflict.currentVersion))}
          action={
            onReload && (
              <Button size="small" onClick={() => void reload()}>
                {t('kb.loadLatest')}
              </Button>
            )
          }
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="title" label={t('kb.field.title')} rules={[{ required: true, whitespace: true, message: t('kb.titleRequired') }]}>
          <Input data-testid="kb-editor-title" maxLength={200} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="tags" label={t('kb.field.tags')} style={{ flex: 1, minWidth: 220 }}>
            <Select mode="tags" placeholder={t('kb.tagPlaceholder')} tokenSeparators={[',', '，', '、']} maxCount={20} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="scenarioIds" label={t('kb.field.scenarios')} style={{ flex: 2, minWidth: 320 }} extra={t('kb.scenariosHelp')}>
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" placeholder={t('kb.scenarioPlaceholder')} options={scenarioOptions} />
          </Form.Item>
        </div>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'write',
              label: t('kb.write'),
              forceRender: true,
              children: (
                <Form.Item name="body" extra={t('kb.bodyHelp')} style={{ marginBottom: 0 }}>
                  <Input.TextArea data-testid="kb-editor-body" autoSize={{ minRows: 10, maxRows: 16 }} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }} />
                </Form.Item>
              ),
            },
            {
              key: 'preview',
              label: t('kb.preview'),
              children: body.trim() ? <Markdown text={body} /> : <Typography.Text type="secondary">{t('kb.emptyBody')}</Typography.Text>,
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
