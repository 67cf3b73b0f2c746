// Available-to-sell stock per (SKU, location) and across the network; kits are derived from
// their components.
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { available as availableOf, kitAvailable, levelKey } from "../../domain/inventory.js";
import { getVariantsBySkus, type Variant } from "../catalog/index.js";
import { getChannelByCode } from "../channels/index.js";
import type { InventoryLevelsTable } from "./tables.js";

/** What `availability` reports for SKUs whose stock is not tracked: effectively unlimited. */
export const UNTRACKED_AVAILABLE = 1_000_000_000;

/**
 * Available (on_hand − committed − unavailable, never below 0) per (sku, location) for sourcing
 * and promising. Kits are derived from their components; untracked SKUs report
 * UNTRACKED_AVAILABLE at the given locations (or where they have a level row). Unknown SKUs are absent.
 */
export async function availability(
  db: Executor,
  skus: readonly string[],
  locationIds?: readonly string[],
  /** Variants the caller already read in this transaction (saves reading them again). */
  known?: ReadonlyMap<string, Variant>,
): Promise<Array<{ sku: string; location_id: string; available: number }>> {
  if (skus.length === 0 || locationIds?.length === 0) return [];
  const variants =
    known && skus.every((s) => known.has(s))
      ? new Map(skus.map((s) => [s, known.get(s) as Variant]))
      : await getVariantsBySkus(db, skus);
  const stockSkus = new Set<string>();
  for (const v of variants.values()) {
    stockSkus.add(v.sku);
    for (const c of v.components) stockSkus.add(c.sku);
  }
  const componentSkus = [...stockSkus].filter((s) => !variants.has(s));
  const components = componentSkus.length
    ? await getVariantsBySkus(db, componentSkus)
    : new Map<string, Variant>();
  const tracked = (sku: string) => (variants.get(sku) ?? components.get(sku))?.track_inventory !== false;
  let q = db
    .selectFrom("inventory_levels")
    .selectAll()
    .where("sku", "in", [...stockSkus]);
  if (locationIds) q = q.where("location_id", "in", [...locationIds]);
  const rows = await q.orderBy("location_id").execute();
  const byKey = new Map(rows.map((r) => [levelKey(r.sku, r.location_id), availableOf(r)]));
  const locations = locationIds ? [...new Set(locationIds)] : [...new Set(rows.map((r) => r.location_id))];
  const out: Array<{ sku: string; location_id: string; available: number }> = [];
  for (const sku of new Set(skus)) {
    const v = variants.get(sku);
    if (!v) continue;
    for (const loc of locations) {
      let avail: number | undefined;
      if (!v.track_inventory) avail = UNTRACKED_AVAILABLE;
      else if (v.is_kit) {
        const parts = v.components.filter((c) => tracked(c.sku));
        if (parts.some((c) => byKey.has(levelKey(c.sku, loc)))) {
          avail =
            parts.length === 0
              ? UNTRACKED_AVAILABLE
              : kitAvailable(
                  parts.map((c) => ({
                    quantity: c.quantity,
                    available: byKey.get(levelKey(c.sku, loc)) ?? 0,
                  })),
                );
        } else if (parts.length === 0) avail = UNTRACKED_AVAILABLE;
      } else {
        const a = byKey.get(levelKey(sku, loc));
        if (a !== undefined) avail = Math.max(0, a);
      }
      if (avail !== undefined) out.push({ sku, location_id: loc, available: avail });
    }
  }
  return out;
}

/**
 * Stock of each SKU across the network (all locations, the given ones, or a channel's), with
 * the split per location. Kits are derived from their components.
 */
export async function networkAvailability(
  db: Executor,
  input: { skus: string[]; channel?: string | undefined; location_ids?: string[] | undefined },
) {
  let locationIds = input.location_ids;
  let channel: { code: string; location_ids: string[] } | null = null;
  if (input.channel) {
    const c = await getChannelByCode(db, input.channel);
    if (!c)
      throw unprocessable(`Channel ${input.channel} does not exist`, [
        { path: "querystring.channel", message: "Unknown channel" },
      ]);
    channel = { code: c.code, location_ids: c.location_ids };
    locationIds = locationIds ? locationIds.filter((l) => c.location_ids.includes(l)) : c.location_ids;
  }
  const variants = await getVariantsBySkus(db, input.skus);
  const unknown = input.skus.filter((s) => !variants.has(s));
  if (unknown.length) {
    throw unprocessable(
      `Unknown SKU ${unknown.join(", ")}`,
      unknown.map((s) => ({ path: "querystring.sku", message: `Unknown SKU ${s}` })),
    );
  }
  const perLocation = await availability(db, input.skus, locationIds);
  let levelRows: InventoryLevelsTable[] = [];
  const plain = input.skus.filter((s) => !variants.get(s)?.is_kit);
  if (plain.length && locationIds?.length !== 0) {
    let q = db.selectFrom("inventory_levels").selectAll().where("sku", "in", plain);
    if (locationIds) q = q.where("location_id", "in", locationIds);
    levelRows = await q.execute();
  }
  return {
    channel: channel?.code ?? null,
    data: input.skus.map((sku) => {
      const v = variants.get(sku) as Variant;
      const locs = perLocation.filter((r) => r.sku === sku);
      const levels = levelRows.filter((r) => r.sku === sku);
      const sum = (f: (r: InventoryLevelsTable) => number) => levels.reduce((s, r) => s + f(r), 0);
      return {
        sku,
        is_kit: v.is_kit,
        track_inventory: v.track_inventory,
        available: Math.min(
          UNTRACKED_AVAILABLE,
          locs.reduce((s, r) => s + r.available, 0),
        ),
        on_hand: sum((r) => r.on_hand),
        committed: sum((r) => r.committed),
        incoming: sum((r) => r.incoming),
        unavailable: sum((r) => r.damaged + r.quality_control + r.safety_stock),
        locations: locs.map((r) => ({ location_id: r.location_id, available: r.available })),
      };
    }),
  };
}
