// Every shape the app shows or sends, inferred from the server's Zod schemas (type-only imports:
// nothing of the server ends up in the bundle). `Out` is what the API answers, `In` what it accepts.

import type { Permission } from "@ordo/domain/permissions.js";
import type { PageRequest } from "@ordo/http/pagination.js";
import type * as access from "@ordo/modules/access/schemas.js";
import type { listAuditEvents } from "@ordo/modules/audit/service.js";
import type * as dashboard from "@ordo/modules/dashboard/schemas.js";
import type * as portal from "@ordo/modules/portal/schemas.js";
import type { z } from "zod";

type Out<T extends z.ZodType> = z.output<T>;
type In<T extends z.ZodType> = z.input<T>;

export type { PageRequest, Permission };
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type Me = Out<typeof access.meSchema>;
export type Session = Out<typeof access.sessionSchema>;
export type User = Out<typeof access.userSchema>;
export type Role = Out<typeof access.roleSchema>;
export type CreateUser = In<typeof access.createUserBody>;
export type UpdateUser = In<typeof access.updateUserBody>;
export type ApiKey = Out<typeof access.apiKeySchema>;
export type CreateApiKey = In<typeof access.createApiKeyBody>;
export type CreatedApiKey = Out<typeof access.createdApiKeySchema>;
export type Scope = Out<typeof access.scopeSchema>;
/** The audit module keeps its response schema private; its service's row type is the same shape. */
export type AuditEvent = Awaited<ReturnType<typeof listAuditEvents>>["data"][number];

export type Dashboard = Out<typeof dashboard.dashboardSchema>;
export type TrackingLookup = In<typeof portal.trackingLookupBody>;
export type TrackingView = Out<typeof portal.trackingViewSchema>;
