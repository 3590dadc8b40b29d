import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import zhTW from './zh-TW'
import en from './en'
import { CAUSE_TYPES, CHANNELS, MARKETS, NATURES, SEVERITIES, STATUSES } from '@/labels'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('locales', () => {
  it('zh-TW and en have exactly the zh-CN keys, none empty', () => {
    const base = keys(zhCN).sort()
    expect(keys(zhTW).sort()).toEqual(base)
    expect(keys(en).sort()).toEqual(base)
    for (const m of [zhCN, zhTW, en]) {
      const flat = JSON.stringify(m)
      expect(flat).not.toContain('""')
    }
  })

  it('every enum code has a label', () => {
    for (const [kind, codes] of Object.entries({
      channel: CHANNELS,
      nature: NATURES,
      causeType: CAUSE_TYPES,
      severity: SEVERITIES,
      status: STATUSES,
      market: MARKETS,
    })) {
      for (const m of [zhCN, zhTW, en]) {
        for (const c of codes) expect((m.enums as Record<string, Record<string, string>>)[kind][c], `${kind}.${c}`).toBeTruthy()
      }
    }
  })

  it('uses the agreed Chinese terms', () => {
    expect(zhCN.enums.channel).toMatchObject({ on_site: '现场', media: '媒体曝光', referred: '上级转办' })
    expect(zhCN.enums.severity.critical).toBe('严重/危机')
    expect(zhCN.enums.status.proposed).toBe('方案待审批')
    expect(zhCN.fields.customerAddress).toBe('地址/房号')
  })
})
