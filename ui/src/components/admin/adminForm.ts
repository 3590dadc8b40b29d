// Small pieces the 系统管理 tabs share: the role list in the order Rust keeps it,
// and how a refusal from Rust lands under the form field it names.
import type { Role } from '@/ipc'
import { toAppError, type AppError } from '@/ipc'

/** Role::ALL in the core: the order roles are offered and shown in. */
export const ROLES: readonly Role[] = [
  'agent',
  'handler',
  'dept_head',
  'sales_manager',
  'vice_gm',
  'gm',
  'quality',
  'accounting',
  'admin',
]

/** Roles sorted as ROLES lists them, so what we send does not depend on click order. */
export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r))
}

/**
 * Puts Rust's message under the field it names (`aliases` maps a Rust field to
 * the form's own name). Returns the error when no field of this form was named,
 * so the caller shows it another way.
 */
export function placeFieldError(
  e: unknown,
  errors: Record<string, string>,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): AppError | null {
  const err = toAppError(e)
  const field = err.field ? (aliases[err.field] ?? err.field) : undefined
  if (field && fields.includes(field)) {
    errors[field] = err.message
    return null
  }
  return err
}

export function clearErrors(errors: Record<string, string>) {
  for (const k of Object.keys(errors)) delete errors[k]
}
