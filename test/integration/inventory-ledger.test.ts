// Property: after any sequence of inventory operations — some of which must be refused — every
// level equals the sum of its ledger, equals an independent model of the rules, and no state
// is ever below zero.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../src/db/transaction.js";
import { available, type Quantities, ZERO } from "../../src/domain/inventory.js";
import { systemContext } from "../../src/modules/access/actor.js";
import { createPurchaseOrder, receivePurchaseOrder } from "../../src/modules/inventory/purchase-orders.js";
import {
  adjustInventory,
  InsufficientStockError,
  moveBetweenStates,
  recordCount,
  releaseStock,
  shipStock,
  tryCommitStock,
  verifyInventory,
} from "../../src/modules/inventory/service.js";
import { createTransfer, receiveTransfer, shipTransfer } from "../../src/modules/inventory/transfers.js";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp;
const LOCS: string[] = [];
const SKUS = ["P-1", "P-2"];
const ctx = systemContext("property");

beforeAll(async () => {
  t = await startTestApp();
  for (const code of ["prop-a", "prop-b"]) {
    const r = await t.admin.post("/v1/locations", { code, name: code, type: "warehouse", country: "US" });
    LOCS.push(r.body.id);
  }
  const p = await t.admin.post("/v1/products", { title: "Prop", variants: SKUS.map((sku) => ({ sku })) });
  expect(p.status).toBe(201);
});
afterAll(() => t.close());

type Op =
  | { kind: "adjust"; sku: number; loc: number; delta: number }
  | { kind: "commit" | "release" | "ship"; sku: number; loc: number; q: number }
  | {
      kind: "move";
      sku: number;
      loc: number;
      q: number;
      from: "available" | "damaged" | "quality_control";
      to: "available" | "damaged" | "quality_control" | "discarded";
    }
  | { kind: "count"; sku: number; loc: number; counted: number }
  | { kind: "transfer"; sku: number; from: number; q: number; received: number }
  | { kind: "po"; sku: number; loc: number; q: number; received: number; close: boolean };

const sku = fc.integer({ min: 0, max: 1 });
const loc = fc.integer({ min: 0, max: 1 });
const q = fc.integer({ min: 1, max: 12 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("adjust" as const),
    sku,
    loc,
    delta: fc.integer({ min: -15, max: 25 }).filter((d) => d !== 0),
  }),
  fc.record({ kind: fc.constantFrom("commit" as const, "release" as const, "ship" as const), sku, loc, q }),
  fc.record({
    kind: fc.constant("move" as const),
    sku,
    loc,
    q,
    from: fc.constantFrom("available" as const, "damaged" as const, "quality_control" as const),
    to: fc.constantFrom(
      "available" as const,
      "damaged" as const,
      "quality_control" as const,
      "discarded" as const,
    ),
  }),
  fc.record({ kind: fc.constant("count" as const), sku, loc, counted: fc.integer({ min: 0, max: 30 }) }),
  fc.record({
    kind: fc.constant("transfer" as const),
    sku,
    from: loc,
    q,
    received: fc.integer({ min: 0, max: 14 }),
  }),
  fc.record({
    kind: fc.constant("po" as const),
    sku,
    loc,
    q,
    received: fc.integer({ min: 0, max: 14 }),
    close: fc.boolean(),
  }),
);

const key = (s: string, l: string) => `${s}|${l}`;

async function snapshot(): Promise<Map<string, Quantities>> {
  const rows = await t.server.database.db.selectFrom("inventory_levels").selectAll().execute();
  const m = new Map<string, Quantities>();
  for (const r of rows) {
    const {
      sku: s,
      location_id: l,
      on_hand,
      committed,
      incoming,
      damaged,
      quality_control,
      safety_stock,
    } = r;
    m.set(key(s, l), { on_hand, committed, incoming, damaged, quality_control, safety_stock });
  }
  return m;
}

/** Runs one operation; returns whether the system accepted it. Refusals must be InsufficientStockError. */
async function run(op: Op): Promise<boolean> {
  const db = t.server.database.db;
  const refused = (e: unknown) => {
    if (e instanceof InsufficientStockError) return false;
    throw e;
  };
  const S = SKUS[op.sku] as string;
  switch (op.kind) {
    case "adjust":
      return adjustInventory(db, ctx, {
        sku: S,
        location_id: LOCS[op.loc] as string,
        delta: op.delta,
        reason: "correction",
      }).then(() => true, refused);
    case "commit":
      return inTransaction(db, (tx) =>
        tryCommitStock(tx, ctx, {
          sku: S,
          locationId: LOCS[op.loc] as string,
          quantity: op.q,
          reference: { type: "test", id: "p" },
        }),
      );
    case "release":
      return inTransaction(db, (tx) =>
        releaseStock(tx, ctx, {
          sku: S,
          locationId: LOCS[op.loc] as string,
          quantity: op.q,
          reference: { type: "test", id: "p" },
        }),
      ).then(() => true, refused);
    case "ship":
      return inTransaction(db, (tx) =>
        shipStock(tx, ctx, {
          sku: S,
          locationId: LOCS[op.loc] as string,
          quantity: op.q,
          reference: { type: "test", id: "p" },
        }),
      ).then(() => true, refused);
    case "move":
      if (op.from === op.to || (op.from === "available" && op.to === "discarded")) return false;
      return moveBetweenStates(db, ctx, {
        sku: S,
        location_id: LOCS[op.loc] as string,
        quantity: op.q,
        from: op.from,
        to: op.to,
      }).then(() => true, refused);
    case "count":
      await recordCount(db, ctx, {
        location_id: LOCS[op.loc] as string,
        lines: [{ sku: S, counted_quantity: op.counted }],
      });
      return true;
    case "transfer": {
      const tr = await createTransfer(db, ctx, {
        origin_location_id: LOCS[op.from] as string,
        destination_location_id: LOCS[1 - op.from] as string,
        lines: [{ sku: S, quantity: op.q }],
      });
      const shipped = await shipTransfer(db, ctx, tr.id).then(() => true, refused);
      if (!shipped) return false;
      await receiveTransfer(db, ctx, tr.id, { lines: [{ sku: S, quantity: op.received }], close: true });
      return true;
    }
    case "po": {
      const po = await createPurchaseOrder(db, ctx, {
        supplier: "S",
        location_id: LOCS[op.loc] as string,
        lines: [{ sku: S, quantity: op.q }],
      });
      await receivePurchaseOrder(db, ctx, po.id, {
        lines: [{ sku: S, quantity: op.received }],
        close: op.close,
      });
      return true;
    }
  }
}

/** The rules, independently: what the operation should do to the model, or null if it must be refused. */
function expectOp(model: Map<string, Quantities>, op: Op): Map<string, Quantities> | null {
  const next = new Map(model);
  const get = (s: number, l: number) => ({
    ...(next.get(key(SKUS[s] as string, LOCS[l] as string)) ?? ZERO),
  });
  const put = (s: number, l: number, v: Quantities) => next.set(key(SKUS[s] as string, LOCS[l] as string), v);
  switch (op.kind) {
    case "adjust": {
      const v = get(op.sku, op.loc);
      if (op.delta < 0 && available(v) < -op.delta) return null;
      v.on_hand += op.delta;
      put(op.sku, op.loc, v);
      return next;
    }
    case "commit": {
      const v = get(op.sku, op.loc);
      if (available(v) < op.q) return null;
      v.committed += op.q;
      put(op.sku, op.loc, v);
      return next;
    }
    case "release": {
      const v = get(op.sku, op.loc);
      if (v.committed < op.q) return null;
      v.committed -= op.q;
      put(op.sku, op.loc, v);
      return next;
    }
    case "ship": {
      const v = get(op.sku, op.loc);
      if (v.committed < op.q || v.on_hand < op.q) return null;
      v.committed -= op.q;
      v.on_hand -= op.q;
      put(op.sku, op.loc, v);
      return next;
    }
    case "move": {
      if (op.from === op.to || (op.from === "available" && op.to === "discarded")) return null;
      const v = get(op.sku, op.loc);
      if (op.from === "available" ? available(v) < op.q : v[op.from] < op.q) return null;
      if (op.from !== "available") v[op.from] -= op.q;
      if (op.to === "discarded") v.on_hand -= op.q;
      else if (op.to !== "available") v[op.to] += op.q;
      put(op.sku, op.loc, v);
      return next;
    }
    case "count": {
      const v = get(op.sku, op.loc);
      v.on_hand = op.counted;
      put(op.sku, op.loc, v);
      return next;
    }
    case "transfer": {
      const o = get(op.sku, op.from);
      if (available(o) < op.q) return null;
      o.on_hand -= op.q;
      put(op.sku, op.from, o);
      const d = get(op.sku, 1 - op.from);
      d.on_hand += op.received;
      put(op.sku, 1 - op.from, d);
      return next;
    }
    case "po": {
      const v = get(op.sku, op.loc);
      v.on_hand += op.received;
      if (!op.close) v.incoming += Math.max(0, op.q - op.received);
      put(op.sku, op.loc, v);
      return next;
    }
  }
}

describe("the ledger never lies", () => {
  it("level = sum of its ledger = the model, after any sequence of operations", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        let model = await snapshot();
        for (const op of ops) {
          const expected = expectOp(model, op);
          const accepted = await run(op);
          expect(accepted, JSON.stringify(op)).toBe(expected !== null);
          if (expected) model = expected;
          const actual = await snapshot();
          for (const [k, v] of actual) {
            expect(v, `${k} after ${JSON.stringify(op)}`).toEqual(model.get(k) ?? ZERO);
            expect(Object.values(v).every((n) => n >= 0)).toBe(true);
            // available itself may be below zero only after a count (physical truth); the model
            // comparison above proves no other operation got there.
          }
        }
        const report = await verifyInventory(t.server.database.db);
        expect(report.differences).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
