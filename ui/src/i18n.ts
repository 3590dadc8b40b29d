import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'
import zhTW from './locales/zh-TW'
import en from './locales/en'

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]

export function isAppLocale(s: string): s is AppLocale {
  return (LOCALES as readonly string[]).includes(s)
}

export function makeI18n(locale: AppLocale = 'zh-CN') {
  return createI18n({
    legacy: false,
    globalInjection: true,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, 'zh-TW': zhTW, en },
  })
}

/** The app-wide instance; tests build their own with makeI18n(). */
export const i18n = makeI18n()

/** What plain helper functions need from vue-i18n; any Composer fits. */
export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
  locale: { value: string }
}
