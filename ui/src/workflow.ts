// The case workflow's words and the little arithmetic the forms show while
// typing. Rust decides every amount that counts; the preview here mirrors
// src-tauri/core/src/loss.rs so the user sees the same total before sending.
import type { Translator } from '@/i18n'
import type { ActionKind, CaseStatus, ResolutionLine, ResolutionType, Satisfaction, VisitMethod } from '@/ipc'

export const RESOLUTION_TYPES: readonly ResolutionType[] = ['compensation', 'allowance', 'return', 'replacement', 'rework', 'goodwill']
export const ACTION_KINDS: readonly ActionKind[] = ['corrective', 'preventive']
export const VISIT_METHODS: readonly VisitMethod[] = ['phone', 'in_person']
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'fairly_satisfied', 'unsatisfied']

export type WorkflowEnumKind = 'resolutionType' | 'actionKind' | 'decision' | 'visitMethod' | 'satisfaction' | 'level'

type T = Pick<Translator, 't' | 'te'>

/** Codes of the workflow's own vocabularies → words (workflow.enums.<kind>.<code>). */
export function wfLabel(i18n: T, kind: WorkflowEnumKind, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  const key = `workflow.enums.${kind}.${code}`
  return i18n.te(key) ? i18n.t(key) : code
}

/** What the case waits for when the signed-in user may do nothing to it now. */
export function waitingLabel(i18n: T, status: CaseStatus): string {
  const key = `workflow.waiting.${status}`
  return i18n.te(key) ? i18n.t(key) : status
}

/** Return and replacement are counted by quantity × unit price; the others by their amounts. */
export function countsByQuantity(kind: ResolutionType): boolean {
  return kind === 'return' || kind === 'replacement'
}

/** What the customer receives from one line, as loss.rs `offered_fen` counts it. */
export function lineOfferedFen(l: ResolutionLine): number {
  switch (l.kind) {
    case 'return':
    case 'replacement':
      return l.quantity * l.unitPriceFen
    case 'rework':
      return l.amountFen + l.transportFen
    default:
      return l.amountFen
  }
}

/** quantity × unit price in fen, or null when it is not a safe integer (Rust refuses it anyway). */
export function quantityTimesPrice(quantity: number, unitPriceFen: number): number | null {
  const fen = quantity * unitPriceFen
  return Number.isSafeInteger(fen) ? fen : null
}

/** A count typed by a person: digits only ("" → 0); null when it is not one. */
export function parseCount(s: string): number | null {
  const t = s.trim()
  if (t === '') return 0
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return Number.isSafeInteger(n) ? n : null
}
