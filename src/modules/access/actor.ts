import type { Permission, Role } from "../../domain/permissions.js";

/** Who is acting: a person with a session, an integration with an API key, or Ordo itself. */
export interface Actor {
  type: "user" | "api_key" | "system";
  id: string | null;
  name: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
}

/** What every service call that changes state needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  type: "system",
  id: null,
  name: "ordo",
  role: "admin",
  permissions: new Set(),
};

export const systemContext = (requestId: string | null = null): RequestContext => ({
  actor: SYSTEM_ACTOR,
  requestId,
});
