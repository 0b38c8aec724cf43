import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export const languages = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof languages)[number];
export const languageNames: Record<Language, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
const STORAGE_KEY = 'rexian.lang';

interface I18n {
  lang: Language;
  setLang: (l: Language) => void;
  t: (key: MessageKey) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (languages as readonly string[]).includes(saved)) return saved as Language;
  return 'zh-CN';
}

let current: Language | null = null;
/** The person's language outside React (the API client words its errors in it). */
export function currentLanguage(): Language {
  return current ?? initialLanguage();
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((l: Language) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    current = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key) => dictionaries[lang][key] ?? key }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export type { MessageKey };
