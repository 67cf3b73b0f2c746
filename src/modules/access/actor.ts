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

/**
 * The request id of everything the demo data set does. It is stored with every event, so an
 * event from the demo seed is recognisable wherever and whenever it is fanned out (even by
 * another process, after `ordo seed --demo`): the notification fan-out sends no e-mail for it.
 * Only Ordo itself acts as the system actor, so no HTTP request can pass for the seed.
 */
export const SEED_REQUEST_ID = "seed";

export const seedContext = (): RequestContext => systemContext(SEED_REQUEST_ID);

/** Whether something recorded with this actor and request id was done by the demo seed. */
export const isSeedOrigin = (row: { actor_type: string; request_id: string | null }): boolean =>
  row.actor_type === "system" && row.request_id === SEED_REQUEST_ID;
