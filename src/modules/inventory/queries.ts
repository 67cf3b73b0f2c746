// Reads: levels (keyset-paged), reorder alerts and the movement ledger.
import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { badRequest, notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { AVAILABLE_SQL, type LevelView, toLevelView } from "./levels.js";
import type { InventoryMovementsTable } from "./tables.js";

export interface LevelFilter {
  sku?: string | undefined;
  location_id?: string | undefined;
}

function encodeLevelCursor(row: { sku: string; location_id: string }) {
  return Buffer.from(JSON.stringify(["lvl", row.sku, row.location_id])).toString("base64url");
}

function decodeLevelCursor(cursor: string): [string, string] {
  try {
    const [tag, sku, loc] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (tag === "lvl" && typeof sku === "string" && typeof loc === "string") return [sku, loc];
  } catch {
    // fall through
  }
  throw badRequest("The cursor is not valid for this list", [
    { path: "querystring.cursor", message: "Invalid cursor" },
  ]);
}

/** Levels ordered by SKU then location (keyset on the primary key). */
export async function listLevels(
  db: Executor,
  filter: LevelFilter & { below_reorder_point?: boolean },
  page: PageRequest,
): Promise<{ data: LevelView[]; next_cursor: string | null }> {
  let q = db.selectFrom("inventory_levels").selectAll();
  if (filter.sku) q = q.where("sku", "=", filter.sku);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.below_reorder_point) {
    q = q.where("reorder_point", "is not", null).where(sql<boolean>`${AVAILABLE_SQL} <= reorder_point`);
  }
  if (page.cursor) {
    const [sku, loc] = decodeLevelCursor(page.cursor);
    q = q.where((eb) =>
      eb.or([eb("sku", ">", sku), eb.and([eb("sku", "=", sku), eb("location_id", ">", loc)])]),
    );
  }
  const rows = await q
    .orderBy("sku")
    .orderBy("location_id")
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const data = (more ? rows.slice(0, page.limit) : rows).map(toLevelView);
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeLevelCursor(last) : null };
}

/** Levels at or below their reorder point, with how much to order. */
export async function listAlerts(db: Executor, filter: LevelFilter, page: PageRequest) {
  const result = await listLevels(db, { ...filter, below_reorder_point: true }, page);
  return {
    data: result.data.map((l) => {
      const rp = l.reorder_point ?? 0;
      const shortfall = rp - l.available;
      return {
        ...l,
        shortfall,
        // Enough to lift available above the reorder point once incoming stock lands.
        suggested_order_quantity: l.reorder_quantity ?? Math.max(0, shortfall + 1 - l.incoming),
      };
    }),
    next_cursor: result.next_cursor,
  };
}

export interface MovementFilter {
  sku?: string | undefined;
  location_id?: string | undefined;
  type?: string | undefined;
  reference_type?: string | undefined;
  reference_id?: string | undefined;
}

export async function listMovements(db: Executor, filter: MovementFilter, page: PageRequest) {
  let q = db.selectFrom("inventory_movements").selectAll();
  if (filter.sku) q = q.where("sku", "=", filter.sku);
  if (filter.location_id) q = q.where("location_id", "=", filter.location_id);
  if (filter.type) q = q.where("type", "=", filter.type);
  if (filter.reference_type) q = q.where("reference_type", "=", filter.reference_type);
  if (filter.reference_id) q = q.where("reference_id", "=", filter.reference_id);
  const result = await keysetPage(q, "id", page);
  return { data: result.data.map(toMovementView), next_cursor: result.next_cursor };
}

export async function getMovement(db: Executor, id: string) {
  const row = await db.selectFrom("inventory_movements").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Inventory movement", id);
  return toMovementView(row);
}

export function toMovementView(m: InventoryMovementsTable) {
  return {
    id: m.id,
    sku: m.sku,
    location_id: m.location_id,
    type: m.type,
    deltas: {
      on_hand: m.d_on_hand,
      committed: m.d_committed,
      incoming: m.d_incoming,
      damaged: m.d_damaged,
      quality_control: m.d_quality_control,
      safety_stock: m.d_safety_stock,
      available: m.d_on_hand - m.d_committed - m.d_damaged - m.d_quality_control - m.d_safety_stock,
    },
    reason: m.reason,
    note: m.note,
    reference: m.reference_type ? { type: m.reference_type, id: m.reference_id ?? "" } : null,
    actor: { type: m.actor_type, id: m.actor_id },
    request_id: m.request_id,
    created_at: m.created_at,
  };
}

export type MovementView = ReturnType<typeof toMovementView>;
