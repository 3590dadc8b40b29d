import { describe, expect, it } from 'vitest'
import { highlight, snippet } from './highlight'

const hits = (pieces: { text: string; hit: boolean }[]) => pieces.filter((p) => p.hit).map((p) => p.text)
const joined = (pieces: { text: string; hit: boolean }[]) => pieces.map((p) => p.text).join('')

describe('marking the search terms', () => {
  it('marks every occurrence of every term, regardless of case, and keeps the text whole', () => {
    const text = 'PCB板漏水，pcb 又漏水'
    const pieces = highlight(text, ['漏水', 'pcb'])
    expect(joined(pieces)).toBe(text)
    expect(hits(pieces)).toEqual(['PCB', '漏水', 'pcb', '漏水'])
  })

  it('prefers the longer of two overlapping terms, and treats terms as plain text', () => {
    expect(hits(highlight('天花板发霉', ['天花', '天花板']))).toEqual(['天花板'])
    expect(hits(highlight('价格(含税)1.5元', ['(含税)', '1.5']))).toEqual(['(含税)', '1.5'])
    expect(hits(highlight('a.b', ['.']))).toEqual(['.'])
  })

  it('without terms, or without a match, the text is one plain piece', () => {
    expect(highlight('漏水', [])).toEqual([{ text: '漏水', hit: false }])
    expect(highlight('漏水', ['  '])).toEqual([{ text: '漏水', hit: false }])
    expect(highlight('', ['漏水'])).toEqual([])
  })

  it('a snippet starts a few characters before the first match, with line breaks as spaces', () => {
    const text = '客户于周六晚\n在三楼餐厅用餐，发现鲈鱼中有头发'
    const pieces = snippet(text, ['头发', '鲈鱼'])
    expect(joined(pieces)).toBe('…餐，发现鲈鱼中有头发')
    // Not opening with punctuation.
    expect(joined(snippet('客户于周六晚在三楼餐厅用餐，又发现鲈鱼', ['鲈鱼']))).toBe('…又发现鲈鱼')
    expect(hits(pieces)).toEqual(['鲈鱼', '头发'])
    // Near the start: the whole text.
    expect(joined(snippet('楼上漏水，天花板发霉', ['漏水']))).toBe('楼上漏水，天花板发霉')
    expect(joined(snippet('第一行\n第二行', []))).toBe('第一行 第二行')
  })

  it('never splits a character outside the BMP', () => {
    const text = '𨋢𨋢𨋢𨋢𨋢𨋢𨋢𨋢搭电梯坏了'
    expect(joined(snippet(text, ['电梯']))).toBe('…𨋢𨋢𨋢搭电梯坏了')
  })
})
