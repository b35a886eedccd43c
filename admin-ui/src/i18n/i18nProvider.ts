import polyglotI18nProvider from 'ra-i18n-polyglot';
import zhMessages from './zh';

/** Chinese is the only locale offered; no language switcher is shown. */
export const i18nProvider = polyglotI18nProvider(() => zhMessages, 'zh-CN', [{ locale: 'zh-CN', name: '简体中文' }], {
  allowMissing: false,
});
