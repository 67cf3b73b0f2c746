// The access module's public face: what other modules, flows and tools may use.

export {
  type Actor,
  isSeedOrigin,
  type RequestContext,
  SEED_REQUEST_ID,
  seedContext,
  systemContext,
} from "./actor.js";
export { needsSetup, setupLink } from "./first-admin.js";
export {
  authenticateApiKey,
  authenticateSession,
  createApiKey,
  createUser,
  ensureAdminApiKey,
  getUser,
} from "./service.js";
