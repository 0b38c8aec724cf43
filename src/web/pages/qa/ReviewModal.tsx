import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { api, type Answer } from '../../api.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { checkIdsInOrder, checkName, type CustomRuleNames } from './checkLabels.js';
import type { Segment } from './Timeline.js';
import { keys } from '../../queryKeys.js';

/** A finding of the scorecard, with its review and appeal (GET /api/qa/results/:id). */
export type ReviewedFinding = Answer<'GET /api/qa/results/:id'>['findings'][number];

/** What a person is about to do: review, appeal or decide one finding, or add a finding to the call. */
export type ReviewAction =
  | { kind: 'confirm' | 'overturn' | 'appeal' | 'decide'; finding: ReviewedFinding }
  | { kind: 'add' };

const titles: Record<ReviewAction['kind'], MessageKey> = {
  confirm: 'qa.review.confirm',
  overturn: 'qa.review.overturn',
  appeal: 'qa.review.appeal',
  decide: 'qa.review.decide',
  add: 'qa.review.addFinding',
};

const fmt = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

export function ReviewModal({ transcriptId, action, segments, custom, onClose }: { transcriptId: string; action: ReviewAction; segments: Segment[]; custom: CustomRuleNames; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: async (v: { note?: string; reason?: string; decision?: 'accept' | 'reject'; check?: string; segment?: number }): Promise<unknown> => {
      switch (action.kind) {
        case 'confirm':
        case 'overturn':
          return api('POST /api/qa/results/:id/findings/:findingId/review', { params: { id: transcriptId, findingId: action.finding.id }, json: { decision: action.kind, note: v.note ?? '' } });
        case 'appeal':
          // the form requires what each action sends (an empty value is refused by the server with its own message)
          return api('POST /api/qa/results/:id/findings/:findingId/appeal', { params: { id: transcriptId, findingId: action.finding.id }, json: { reason: v.reason ?? '' } });
        case 'decide':
          return api('POST /api/qa/appeals/:id/decision', { params: { id: action.finding.appeal!.id }, json: { decision: v.decision ?? 'accept', note: v.note ?? '' } });
        case 'add':
          return api('POST /api/qa/results/:id/findings', { params: { id: transcriptId }, json: { check: v.check ?? '', note: v.note ?? '', ...(v.segment !== undefined ? { segment: v.segment } : {}) } });
      }
    },
    onSuccess: () => {
      void message.success(t('qa.review.saved'));
      void qc.invalidateQueries({ queryKey: keys.qa.all });
      onClose();
    },
    onError: (err) => setError(err.message),
  });

  const f = action.kind === 'add' ? null : action.finding;
  return (
    <Modal
      open
      title={t(titles[action.kind])}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      okButtonProps={{ ...({ 'data-testid': 'review-submit' } as Record<string, string>) }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {f && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={`${checkName(f.check, lang, custom)} · ${fmt(f.at)}`}
          description={
            <>
              <div>“{f.evidence}”</div>
              {action.kind === 'decide' && f.appeal && (
                <div style={{ marginTop: 4 }}>
                  {labelled(t, t('qa.review.appealReason'), f.appeal.reason)}
                </div>
              )}
            </>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ decision: 'accept' }} onFinish={(v: Parameters<typeof run.mutate>[0]) => run.mutate(v)}>
        {action.kind === 'add' && (
          <>
            <Form.Item name="check" label={t('qa.check')} rules={[{ required: true, message: t('qa.review.checkRequired') }]}>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="review-check"
                options={[...checkIdsInOrder, ...custom.keys()].map((id) => ({ value: id, label: checkName(id, lang, custom) }))}
              />
            </Form.Item>
            <Form.Item name="segment" label={t('qa.review.segment')}>
              <Select
                allowClear
                placeholder={t('qa.review.segmentNone')}
                data-testid="review-segment"
                options={segments.map((s, i) => ({ value: i, label: `${fmt(s.start)} ${labelled(t, t(`qa.speaker.${s.speaker}`), s.text)}` }))}
              />
            </Form.Item>
          </>
        )}
        {action.kind === 'decide' && (
          <Form.Item name="decision" label={t('qa.review.decision')}>
            <Radio.Group data-testid="review-decision">
              <Radio value="accept">{t('qa.review.accept')}</Radio>
              <Radio value="reject">{t('qa.review.reject')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {action.kind === 'appeal' ? (
          <Form.Item name="reason" label={t('qa.review.appealReason')} rules={[{ required: true, whitespace: true, message: t('qa.review.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="review-text" />
          </Form.Item>
        ) : (
          <Form.Item
            name="note"
            label={t(action.kind === 'decide' ? 'qa.review.decisionNote' : 'qa.review.note')}
            rules={action.kind === 'confirm' ? [] : [{ required: true, whitespace: true, message: t('qa.review.noteRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="review-text" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
