// Event type patterns for webhook subscriptions: `order.created`, `order.*`, `*`.

const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isValidEventType(type: string): boolean {
  return TYPE.test(type);
}

/** `*` (everything), an exact type, or a prefix ending in `.*` (`order.*` matches `order.created`). */
export function isValidEventPattern(pattern: string): boolean {
  return PATTERN.test(pattern) && (pattern === "*" || pattern.includes("."));
}

export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => matchesEventPattern(p, type));
}

/** The NATS subject for an event type: `ordo.<type>`, with anything NATS treats specially replaced. */
export function busSubject(type: string, prefix = "ordo"): string {
  return `${prefix}.${type.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}
