import { describe, expect, it } from 'vitest'
import { makeI18n } from '@/i18n'
import { errorText } from './errors'

const validation = { code: 'VALIDATION' as const, field: 'customerPhone', message: '请填写联系电话' }

describe('errorText', () => {
  it('zh-CN shows the Rust message verbatim', () => {
    const i18n = makeI18n('zh-CN').global
    expect(errorText(validation, i18n)).toBe('请填写联系电话')
    expect(errorText({ code: 'STORAGE', message: '磁盘已满' }, i18n)).toBe('磁盘已满')
  })

  it('other languages get the translation for the code', () => {
    expect(errorText(validation, makeI18n('en').global)).toBe('Please check the form')
    expect(errorText({ code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }, makeI18n('zh-TW').global)).toBe(
      '該案件已被他人修改，請重新整理後再編輯',
    )
  })

  it('falls back to the Rust message when there is no translation', () => {
    expect(errorText({ code: 'NEW_CODE' as never, message: '新错误' }, makeI18n('en').global)).toBe('新错误')
  })
})
