// Pure inventory arithmetic: the derived `available`, kit availability and ledger replay.
// No I/O here; the inventory module stores what these functions compute.

/** The stored quantity states of one SKU at one location. */
export interface Quantities {
  on_hand: number;
  committed: number;
  incoming: number;
  damaged: number;
  quality_control: number;
  safety_stock: number;
}

export const STATES = [
  "on_hand",
  "committed",
  "incoming",
  "damaged",
  "quality_control",
  "safety_stock",
] as const;
export type State = (typeof STATES)[number];

/** A change to a level: one delta per stored state (missing = 0). */
export type Delta = Partial<Quantities>;

export const ZERO: Quantities = {
  on_hand: 0,
  committed: 0,
  incoming: 0,
  damaged: 0,
  quality_control: 0,
  safety_stock: 0,
};

/** Stock that exists but cannot be sold. */
export function unavailable(q: Pick<Quantities, "damaged" | "quality_control" | "safety_stock">): number {
  return q.damaged + q.quality_control + q.safety_stock;
}

/** available = on_hand − committed − unavailable (negative only when a backorder was committed). */
export function available(q: Omit<Quantities, "incoming">): number {
  return q.on_hand - q.committed - unavailable(q);
}

export function applyDelta(q: Quantities, d: Delta): Quantities {
  return {
    on_hand: q.on_hand + (d.on_hand ?? 0),
    committed: q.committed + (d.committed ?? 0),
    incoming: q.incoming + (d.incoming ?? 0),
    damaged: q.damaged + (d.damaged ?? 0),
    quality_control: q.quality_control + (d.quality_control ?? 0),
    safety_stock: q.safety_stock + (d.safety_stock ?? 0),
  };
}

/** How much a delta changes `available`. */
export function availableDelta(d: Delta): number {
  return (
    (d.on_hand ?? 0) -
    (d.committed ?? 0) -
    (d.damaged ?? 0) -
    (d.quality_control ?? 0) -
    (d.safety_stock ?? 0)
  );
}

export function isZeroDelta(d: Delta): boolean {
  return STATES.every((s) => (d[s] ?? 0) === 0);
}

/** No stored state below zero. */
export function isValidLevel(q: Quantities): boolean {
  return STATES.every((s) => Number.isSafeInteger(q[s]) && q[s] >= 0);
}

export interface KitComponentStock {
  /** Units of the component in one kit (≥ 1). */
  quantity: number;
  /** Available units of the component at the location. */
  available: number;
}

/** A kit is as available as its scarcest component allows: min over components of floor(available / per kit). */
export function kitAvailable(components: readonly KitComponentStock[]): number {
  if (components.length === 0) return 0;
  let result = Number.POSITIVE_INFINITY;
  for (const c of components) {
    if (!(c.quantity >= 1)) throw new RangeError("a kit component needs a quantity of at least 1");
    result = Math.min(result, Math.floor(Math.max(0, c.available) / c.quantity));
  }
  return result;
}

export interface LedgerMovement {
  sku: string;
  location_id: string;
  d_on_hand: number;
  d_committed: number;
  d_incoming: number;
  d_damaged: number;
  d_quality_control: number;
  d_safety_stock: number;
}

export const levelKey = (sku: string, locationId: string) => `${sku}\u0000${locationId}`;

/** Adds movements into running totals per level (call once per batch of the ledger). */
export function replayInto(totals: Map<string, Quantities>, movements: Iterable<LedgerMovement>): void {
  for (const m of movements) {
    const key = levelKey(m.sku, m.location_id);
    const q = totals.get(key) ?? { ...ZERO };
    q.on_hand += m.d_on_hand;
    q.committed += m.d_committed;
    q.incoming += m.d_incoming;
    q.damaged += m.d_damaged;
    q.quality_control += m.d_quality_control;
    q.safety_stock += m.d_safety_stock;
    totals.set(key, q);
  }
}

export function replay(movements: Iterable<LedgerMovement>): Map<string, Quantities> {
  const totals = new Map<string, Quantities>();
  replayInto(totals, movements);
  return totals;
}

export interface LevelDifference {
  sku: string;
  location_id: string;
  state: State;
  /** What the level row says. */
  stored: number;
  /** What the sum of the ledger says. */
  ledger: number;
}

/** Every state where a stored level disagrees with the replayed ledger (a missing row counts as zeros). */
export function compareLevels(
  stored: ReadonlyMap<string, Quantities & { sku: string; location_id: string }>,
  ledger: ReadonlyMap<string, Quantities>,
): LevelDifference[] {
  const out: LevelDifference[] = [];
  const keys = new Set([...stored.keys(), ...ledger.keys()]);
  for (const key of [...keys].sort()) {
    const s = stored.get(key);
    const l = ledger.get(key) ?? ZERO;
    const [sku, location_id] = s ? [s.sku, s.location_id] : (key.split("\u0000") as [string, string]);
    for (const state of STATES) {
      const a = s ? s[state] : 0;
      if (a !== l[state]) out.push({ sku, location_id, state, stored: a, ledger: l[state] });
    }
  }
  return out;
}

export const ADJUSTMENT_REASONS = [
  "received",
  "correction",
  "cycle_count",
  "damaged",
  "shrinkage",
  "theft",
  "lost",
  "found",
  "promotion",
  "return_restock",
  "other",
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const QUANTITY_STATES = ["available", "damaged", "quality_control", "safety_stock"] as const;
export type QuantityState = (typeof QUANTITY_STATES)[number];

export const MOVEMENT_TYPES = [
  "receive",
  "adjust",
  "count",
  "transfer_out",
  "transfer_in_transit",
  "transfer_in",
  "transfer_short",
  "po_expected",
  "po_closed",
  "commit",
  "release",
  "ship",
  "return_restock",
  "damage",
  "discard",
  "state_move",
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];
