import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Modal, Select, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { Pack } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { labelled } from '../../i18n/compose.js';
import { fill } from '../../../shared/labels/label.js';
import { useI18n } from '../../i18n/index.js';
import { useTicketLabels, type SavedFilter } from './api.js';
import { keys } from '../../queryKeys.js';


/**
 * The list's filters live in the URL, in the API's own words (`status=dispatched&overdue=true`), so the list, the
 * Excel export and a saved filter are all the same query string.
 */
export function TicketFilters({ me, pack, params, onChange }: { me: Me; pack: Pack | undefined; params: URLSearchParams; onChange: (next: URLSearchParams) => void }) {
  const { t } = useI18n();
  const departments = useQuery({ queryKey: keys.departments, queryFn: () => api('GET /api/departments'), enabled: me.role !== 'department' });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    onChange(next);
  };
  const status = params.get('status')?.split(',').filter(Boolean) ?? [];
  const labels = useTicketLabels();
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="ticket-filters">
      <Select
        mode="multiple"
        allowClear
        placeholder={t('tk.status')}
        style={{ minWidth: 200 }}
        value={status}
        onChange={(v: string[]) => set('status', v.join(','))}
        options={labels.states.map((s) => ({ value: s, label: labels.status(s) }))}
        optionFilterProp="label"
        data-testid="filter-status"
      />
      <Select
        allowClear
        placeholder={t('tk.category')}
        style={{ width: 130 }}
        value={params.get('category') ?? undefined}
        onChange={(v?: string) => set('category', v)}
        options={(pack?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        data-testid="filter-category"
      />
      <Select
        allowClear
        placeholder={t('tk.priority')}
        style={{ width: 120 }}
        value={params.get('priority') ?? undefined}
        onChange={(v?: string) => set('priority', v)}
        options={(pack?.priorities ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.label}` }))}
      />
      {me.role !== 'department' && (
        <Select
          allowClear
          placeholder={t('tk.department')}
          style={{ width: 150 }}
          value={params.get('departmentId') ?? undefined}
          onChange={(v?: string) => set('departmentId', v)}
          options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
      )}
      <Checkbox checked={params.get('supervised') === 'true'} onChange={(e) => set('supervised', e.target.checked ? 'true' : undefined)}>
        {t('tk.supervised')}
      </Checkbox>
      <Input.Search
        key={params.get('q') ?? ''}
        allowClear
        defaultValue={params.get('q') ?? ''}
        placeholder={t('tk.search')}
        style={{ width: 220 }}
        onSearch={(v) => set('q', v.trim() || undefined)}
        data-testid="filter-search"
      />
    </Space>
  );
}

/** A person's saved filters: click one to apply it, × to delete it, and save the current filter under a name. */
export function SavedFilters({ query, onApply }: { query: string; onApply: (query: string) => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const saved = useQuery({ queryKey: keys.savedFilters, queryFn: () => api('GET /api/tickets/filters') });
  const create = useMutation({
    mutationFn: () => api('POST /api/tickets/filters', { json: { name: name.trim(), query } }),
    onSuccess: (f) => {
      void message.success(labelled(t, t('tk.filter.saved'), f.name));
      void qc.invalidateQueries({ queryKey: keys.savedFilters });
      setNaming(false);
      setName('');
      setError(null);
    },
    onError: (err) => setError(err.message),
  });
  const remove = useMutation({
    mutationFn: (f: SavedFilter) => api('DELETE /api/tickets/filters/:id', { params: { id: f.id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.savedFilters }),
    onError: (err) => void message.error(err.message),
  });
  const items = saved.data?.items ?? [];
  return (
    <Space wrap size={4} style={{ marginBottom: 12 }} data-testid="saved-filters">
      <span style={{ color: 'rgba(0,0,0,0.55)' }}>{labelled(t, t('tk.filter.savedFilters')).trimEnd()}</span>
      {items.length === 0 && <span style={{ color: 'rgba(0,0,0,0.35)' }}>{t('tk.filter.none')}</span>}
      {items.map((f) => (
        <Tooltip key={f.id} title={f.query || t('tk.filter.all')}>
          <Tag
            color={f.query === query ? 'red' : 'default'}
            style={{ cursor: 'pointer' }}
            data-testid={`saved-filter-${f.name}`}
            closable
            onClick={() => onApply(f.query)}
            onClose={(e) => {
              e.preventDefault();
              modal.confirm({ title: fill(t('tk.filter.deleteConfirm'), { name: f.name }), okText: t('tk.filter.delete'), cancelText: t('common.cancel'), onOk: () => remove.mutateAsync(f) });
            }}
          >
            {f.name}
          </Tag>
        </Tooltip>
      ))}
      <Button size="small" icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="saved-filter-save">
        {t('tk.filter.save')}
      </Button>
      <Modal
        open={naming}
        title={t('tk.filter.save')}
        onCancel={() => setNaming(false)}
        onOk={() => create.mutate()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        okButtonProps={{ disabled: !name.trim(), ...({ 'data-testid': 'saved-filter-confirm' } as Record<string, string>) }}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Input placeholder={t('tk.filter.name')} value={name} maxLength={50} onChange={(e) => setName(e.target.value)} onPressEnter={() => name.trim() && create.mutate()} data-testid="saved-filter-name" />
        <div style={{ marginTop: 8, color: 'rgba(0,0,0,0.45)', fontSize: 12, wordBreak: 'break-all' }}>{query || t('tk.filter.all')}</div>
      </Modal>
    </Space>
  );
}
