import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDelta,
  available,
  availableDelta,
  compareLevels,
  type Delta,
  isValidLevel,
  kitAvailable,
  type LedgerMovement,
  levelKey,
  type Quantities,
  replay,
  STATES,
  ZERO,
} from "../../src/domain/inventory.js";

const level = (q: Partial<Quantities>): Quantities => ({ ...ZERO, ...q });

describe("available", () => {
  it("is on_hand − committed − damaged − quality_control − safety_stock; incoming does not count", () => {
    expect(
      available(
        level({ on_hand: 20, committed: 5, damaged: 2, quality_control: 1, safety_stock: 3, incoming: 50 }),
      ),
    ).toBe(9);
  });

  it("changes by exactly availableDelta for any delta", () => {
    const q = fc.integer({ min: 0, max: 1000 });
    const d = fc.integer({ min: -100, max: 100 });
    fc.assert(
      fc.property(
        fc.record({ on_hand: q, committed: q, incoming: q, damaged: q, quality_control: q, safety_stock: q }),
        fc.record(
          { on_hand: d, committed: d, incoming: d, damaged: d, quality_control: d, safety_stock: d },
          { requiredKeys: [] },
        ),
        (lvl, delta: Delta) => {
          expect(available(applyDelta(lvl, delta))).toBe(available(lvl) + availableDelta(delta));
        },
      ),
    );
  });

  it("rejects negative or fractional states", () => {
    expect(isValidLevel(level({ on_hand: 1 }))).toBe(true);
    expect(isValidLevel(level({ on_hand: -1 }))).toBe(false);
    expect(isValidLevel(level({ committed: 0.5 }))).toBe(false);
  });
});

describe("kit availability", () => {
  it("is the minimum over components of floor(available / quantity per kit)", () => {
    expect(
      kitAvailable([
        { quantity: 2, available: 9 },
        { quantity: 3, available: 10 },
      ]),
    ).toBe(3);
    expect(
      kitAvailable([
        { quantity: 1, available: 0 },
        { quantity: 1, available: 10 },
      ]),
    ).toBe(0);
    expect(kitAvailable([{ quantity: 4, available: 3 }])).toBe(0);
  });

  it("treats negative (backordered) component availability as none, and a kit without components as unavailable", () => {
    expect(kitAvailable([{ quantity: 1, available: -5 }])).toBe(0);
    expect(kitAvailable([])).toBe(0);
    expect(() => kitAvailable([{ quantity: 0, available: 5 }])).toThrow(RangeError);
  });

  it("never promises more kits than any component can build", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 10 }),
            available: fc.integer({ min: 0, max: 500 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (parts) => {
          const kits = kitAvailable(parts);
          for (const p of parts) expect(kits * p.quantity).toBeLessThanOrEqual(p.available);
          // and one more kit would not fit some component
          expect(parts.some((p) => (kits + 1) * p.quantity > p.available)).toBe(true);
        },
      ),
    );
  });
});

describe("ledger replay", () => {
  const movement = (sku: string, loc: string, d: Delta): LedgerMovement => ({
    sku,
    location_id: loc,
    d_on_hand: d.on_hand ?? 0,
    d_committed: d.committed ?? 0,
    d_incoming: d.incoming ?? 0,
    d_damaged: d.damaged ?? 0,
    d_quality_control: d.quality_control ?? 0,
    d_safety_stock: d.safety_stock ?? 0,
  });

  it("sums movements per level and equals applying the deltas one by one", () => {
    const d = fc.integer({ min: -50, max: 50 });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("A", "B"),
            fc.constantFrom("l1", "l2"),
            fc.record({ on_hand: d, committed: d, damaged: d }, { requiredKeys: [] }),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const expected = new Map<string, Quantities>();
          for (const [sku, loc, delta] of ops) {
            const k = levelKey(sku, loc);
            expected.set(k, applyDelta(expected.get(k) ?? ZERO, delta));
          }
          const replayed = replay(ops.map(([sku, loc, delta]) => movement(sku, loc, delta)));
          expect(Object.fromEntries(replayed)).toEqual(Object.fromEntries(expected));
        },
      ),
    );
  });

  it("reports every state where the stored level and the ledger disagree, including missing rows", () => {
    const ledger = replay([
      movement("A", "l1", { on_hand: 5, committed: 2 }),
      movement("B", "l1", { on_hand: 1 }),
    ]);
    const stored = new Map([
      [levelKey("A", "l1"), { sku: "A", location_id: "l1", ...level({ on_hand: 5, committed: 3 }) }],
      [levelKey("C", "l1"), { sku: "C", location_id: "l1", ...level({ damaged: 1 }) }],
    ]);
    expect(compareLevels(stored, ledger)).toEqual([
      { sku: "A", location_id: "l1", state: "committed", stored: 3, ledger: 2 },
      { sku: "B", location_id: "l1", state: "on_hand", stored: 0, ledger: 1 },
      { sku: "C", location_id: "l1", state: "damaged", stored: 1, ledger: 0 },
    ]);
    expect(STATES).toHaveLength(6);
  });
});
