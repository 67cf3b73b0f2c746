// Who may do what. Roles are fixed bundles of permissions; API keys carry permissions directly
// as scopes, so an integration gets exactly what it needs and nothing more.

export const PERMISSIONS = [
  "users:manage",
  "api_keys:manage",
  "audit:read",
  "settings:read",
  "settings:write",
  "catalog:read",
  "catalog:write",
  "inventory:read",
  "inventory:write",
  "orders:read",
  "orders:write",
  /** Set a line's unit price instead of the price list's (with a reason): agents, managers, marketplace feeds. */
  "orders:override_price",
  "fulfillment:read",
  "fulfillment:write",
  "events:read",
  "webhooks:manage",
  "payments:read",
  /** Add a payment, capture, void, and refund what a return or a cancellation computes. */
  "payments:write",
  /** Refund more or less than computed, with a reason: managers. */
  "payments:adjust",
  "cases:read",
  "cases:write",
  "returns:read",
  /** Create, approve, receive and refund returns (refunds as computed; other amounts need payments:adjust). */
  "returns:write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["admin", "manager", "agent", "warehouse", "store"] as const;
export type Role = (typeof ROLES)[number];

const READ_ALL: Permission[] = [
  "settings:read",
  "catalog:read",
  "inventory:read",
  "orders:read",
  "fulfillment:read",
  "events:read",
];

const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  manager: new Set(PERMISSIONS.filter((p) => p !== "users:manage" && p !== "api_keys:manage")),
  agent: new Set<Permission>([
    ...READ_ALL,
    "orders:write",
    "orders:override_price",
    "payments:read",
    "payments:write",
    "cases:read",
    "cases:write",
    "returns:read",
    "returns:write",
  ]),
  warehouse: new Set<Permission>([
    ...READ_ALL,
    "inventory:write",
    "fulfillment:write",
    "cases:read",
    "returns:read",
    "returns:write",
  ]),
  store: new Set<Permission>([
    ...READ_ALL,
    "inventory:write",
    "fulfillment:write",
    "orders:write",
    "payments:read",
    "cases:read",
    "cases:write",
    "returns:read",
    "returns:write",
  ]),
};

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return ROLE_PERMISSIONS[role];
}

/** `*` grants everything; otherwise each scope must be a known permission. */
export function permissionsOfScopes(scopes: readonly string[]): ReadonlySet<Permission> {
  if (scopes.includes("*")) return ROLE_PERMISSIONS.admin;
  return new Set(scopes.filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s)));
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * What a grant would give that the granter does not hold itself: a principal may hand out only
 * what it has (a key with `api_keys:manage` alone cannot mint a `*` key). Sorted for messages.
 */
export function permissionsBeyond(
  held: ReadonlySet<Permission>,
  granted: ReadonlySet<Permission>,
): Permission[] {
  return [...granted].filter((p) => !held.has(p)).sort();
}
