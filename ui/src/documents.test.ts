import { describe, expect, it } from 'vitest'
import { makeI18n } from '@/i18n'
import { emptyFilter } from '@/sheetQuery'
import { outputState, sheetFilterText } from './documents'
import { DEPARTMENTS } from '@/test/helpers'
import { issued } from '@/test/documents'

describe('sheetFilterText', () => {
  it('names every active filter, values joined, in the sheet’s order', () => {
    const text = sheetFilterText(
      {
        ...emptyFilter(),
        search: ' 漏水 ',
        statuses: ['registered', 'investigating'],
        channels: ['media'],
        causeTypes: ['product'],
        departmentIds: [2, 1],
        due: 'overdue',
        range: ['2025-03-01', '2025-03-31'],
        includeVoided: true,
      },
      DEPARTMENTS,
    )
    expect(text).toBe(
      '状态：已登记、调查中；渠道：媒体曝光；投诉类别：出品质量；责任部门：品质部、客服部；时效：已超时；受理日期：2025-03-01 至 2025-03-31；含已作废；搜索：漏水',
    )
  })

  it('is 全部案件 without a filter', () => {
    expect(sheetFilterText(emptyFilter(), DEPARTMENTS)).toBe('全部案件')
  })
})

describe('outputState', () => {
  const i18n = makeI18n('zh-CN').global
  it('says which copies were printed, in order, or 未打印 / 已作废', () => {
    expect(outputState(i18n, issued())).toBe('未打印')
    expect(outputState(i18n, issued({ printedCopies: [4, 1] }))).toBe('已打印 第1、4联')
    expect(outputState(i18n, issued({ copies: [], printedCopies: [0] }))).toBe('已打印')
    expect(outputState(i18n, issued({ printedCopies: [1], voidedAt: '2025-03-09T00:00:00Z', voidReason: '重开' }))).toBe('已作废')
  })
})
