/** Who may do what: admin changes things, readonly only looks. */
export const Role = {
  Admin: 'admin',
  Readonly: 'readonly',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** The authenticated caller of one request. */
export interface Principal {
  /** Shown in `initiatedBy.username` of the operations it starts. */
  name: string;
  role: Role;
}

export function canWrite(principal: Principal): boolean {
  return principal.role === Role.Admin;
}
