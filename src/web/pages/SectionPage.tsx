import { Result, Tag } from 'antd';
import type { Section } from '../../shared/roles.js';
import type { Me } from '../auth.js';
import { EmptyState } from '../components/States.js';
import { useI18n } from '../i18n/index.js';

type FilledLater = Exclude<Section, 'settings' | 'standards' | 'qa' | 'tickets'>;

/** A section that later work fills: an honest empty state that says what will be here. */
export function SectionPage({ section, me }: { section: FilledLater; me: Me }) {
  const { t } = useI18n();
  if (!me.sections.includes(section)) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  return (
    <div data-testid={`page-${section}`}>
      <h2 style={{ marginTop: 0 }}>{t(`menu.${section}`)}</h2>
      <EmptyState title={t(`empty.${section}.title`)} body={t(`empty.${section}.body`)} extra={<Tag>{t('empty.comingSoon')}</Tag>} />
    </div>
  );
}
