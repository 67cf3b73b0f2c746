// The sourcing module's public face: what other modules, flows and tools may use.

export { resolveRule, toEngineRules } from "./rules.js";
export {
  type AddressLike,
  type Candidates,
  isDigital,
  loadCandidates,
  type Plan,
  type PlanInput,
  placeOf,
  planSourcing,
  reasonText,
  recordDecision,
  runPlan,
  type SourcingLine,
} from "./service.js";
