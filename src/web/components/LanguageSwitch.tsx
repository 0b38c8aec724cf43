import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { languageNames, languages, useI18n, type Language } from '../i18n/index.js';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Select<Language>
      aria-label={t('lang.label')}
      data-testid="language-switch"
      value={lang}
      onChange={setLang}
      suffixIcon={<GlobalOutlined />}
      style={{ width: 124 }}
      options={languages.map((l) => ({ value: l, label: languageNames[l] }))}
    />
  );
}
