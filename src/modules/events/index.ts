// The events module's public face: what other modules, flows and tools may use.

export { EVENT_TYPES, type EventType, TEST_EVENT_TYPE } from "./catalogue.js";
export { claimDue } from "./claims.js";
export { type DomainEvent, emitEvent, emitEvents } from "./outbox.js";
export { busBacklog, eventPayloads, outboxBacklog } from "./service.js";
export type { EventRow } from "./tables.js";
