// The editable part of a case as the form holds it, and the conversions to and
// from the Rust CaseFields shape.
import type { Case, CaseFields } from '@/ipc'
import { fenToYuanInput, yuanToFen, type MoneyProblem } from '@/money'
import { fromPicker, toPicker } from '@/time'

/** Form state: the same fields, but with a Date for the picker and yuan text for money. */
export type FormModel = Omit<CaseFields, 'receivedAt' | 'claimAmountFen'> & {
  receivedAt: Date | null
  claimYuan: string
}

export const FIELD_KEYS: (keyof CaseFields)[] = [
  'receivedAt',
  'channel',
  'customerName',
  'customerPhone',
  'customerAddress',
  'customerOrg',
  'content',
  'customerRequest',
  'claimAmountFen',
  'orderNo',
  'itemNo',
  'quantity',
  'deliveryDate',
  'defectiveQuantity',
  'market',
  'nature',
  'causeType',
  'severity',
  'departmentId',
  'sampleKept',
  'sampleNote',
]

export function blankModel(now = new Date()): FormModel {
  return {
    receivedAt: toPicker(now),
    channel: 'phone',
    customerName: '',
    customerPhone: '',
    customerAddress: '',
    customerOrg: '',
    content: '',
    customerRequest: '',
    claimYuan: '',
    orderNo: '',
    itemNo: '',
    quantity: null,
    deliveryDate: null,
    defectiveQuantity: null,
    market: null,
    nature: null,
    causeType: null,
    severity: 'normal',
    departmentId: null,
    sampleKept: false,
    sampleNote: '',
  }
}

export function modelFromCase(c: Case): FormModel {
  return {
    receivedAt: toPicker(c.receivedAt),
    channel: c.channel,
    customerName: c.customerName,
    customerPhone: c.customerPhone,
    customerAddress: c.customerAddress,
    customerOrg: c.customerOrg,
    content: c.content,
    customerRequest: c.customerRequest,
    claimYuan: fenToYuanInput(c.claimAmountFen),
    orderNo: c.orderNo,
    itemNo: c.itemNo,
    quantity: c.quantity,
    deliveryDate: c.deliveryDate,
    defectiveQuantity: c.defectiveQuantity,
    market: c.market,
    nature: c.nature,
    causeType: c.causeType,
    severity: c.severity,
    departmentId: c.departmentId,
    sampleKept: c.sampleKept,
    sampleNote: c.sampleNote,
  }
}

/**
 * Form → CaseFields. Only the money text can fail here (it cannot be sent as
 * fen otherwise); every other rule is Rust's to check.
 */
export function fieldsFromModel(m: FormModel): { fields: CaseFields } | { badAmount: MoneyProblem } {
  let claimAmountFen: number | null = null
  if (m.claimYuan.trim() !== '') {
    const fen = yuanToFen(m.claimYuan)
    if (typeof fen !== 'number') return { badAmount: fen }
    claimAmountFen = fen
  }
  const { claimYuan, receivedAt, ...rest } = m
  void claimYuan // replaced by claimAmountFen below
  return {
    fields: {
      ...rest,
      // An emptied picker is sent as "" so Rust reports the missing 受理时间 itself.
      receivedAt: receivedAt ? fromPicker(receivedAt) : '',
      claimAmountFen,
      // Empty-cleared number inputs come back as undefined; Rust wants null.
      quantity: m.quantity ?? null,
      defectiveQuantity: m.defectiveQuantity ?? null,
      deliveryDate: m.deliveryDate || null,
    },
  }
}

/** A case's product fields (订单编号 … 市场): only an organisation dealing in goods asks for them. */
export const GOODS_FIELDS = ['orderNo', 'itemNo', 'quantity', 'defectiveQuantity', 'deliveryDate', 'market'] as const

/**
 * Whether to show the product fields: where the organisation deals in goods
 * (Rust says so in app info), or for a case that already holds some.
 */
export function showsGoods(goodsFields: boolean, c: Partial<Record<(typeof GOODS_FIELDS)[number], unknown>> | null | undefined): boolean {
  if (goodsFields) return true
  return !!c && GOODS_FIELDS.some((f) => c[f] !== null && c[f] !== undefined && c[f] !== '')
}
