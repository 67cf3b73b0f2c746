// Packing a fulfillment order into one or more packages: which units go in which box, the box
// suggested by volume and weight, the weight from the variants (or the scale).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { lineTitle } from "../../domain/line-title.js";
import { type Item, itemsWeight, suggestBox } from "../../domain/shipping/cartonization.js";
import { UNSHIPPED_STATES } from "../../domain/shipping/shipment.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { handlingBySkus } from "../catalog/index.js";
import {
  ensureStarted,
  type FulfillmentOrder,
  getFulfillmentOrder,
  lockFulfillmentOrder,
  unitsLeft,
} from "../fulfillment/index.js";
import { announceShipment, moveShipment } from "./lifecycle.js";
import { asBox, getPackageType, listPackageTypes, type PackageType } from "./package-types.js";
import {
  getStoredShipment,
  publicView,
  type Shipment,
  type StoredShipment,
  shipmentsOfFulfillmentOrder,
} from "./queries.js";
import type { PackInput } from "./schemas.js";

export interface Unit {
  order_line_id: string;
  sku: string;
  quantity: number;
}

/** Units of the fulfillment order not shipped yet and not in a package already. */
export function unitsToPack(fo: FulfillmentOrder, shipments: readonly StoredShipment[]): Unit[] {
  const packed = new Map<string, number>();
  for (const s of shipments) {
    if (!UNSHIPPED_STATES.includes(s.status)) continue;
    for (const l of s.lines) {
      const k = `${l.order_line_id}|${l.sku}`;
      packed.set(k, (packed.get(k) ?? 0) + l.quantity);
    }
  }
  return fo.lines
    .map((l) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: unitsLeft(l) - (packed.get(`${l.order_line_id}|${l.sku}`) ?? 0),
    }))
    .filter((u) => u.quantity > 0);
}

function shippable(fo: FulfillmentOrder): asserts fo is FulfillmentOrder & { location_id: string } {
  if (!fo.location_id || fo.fulfillment_type === "digital") {
    throw unprocessable(`${fo.id} is digital: nothing to pack`);
  }
}

async function items(db: Executor, units: readonly Unit[]): Promise<Array<Item & { title: string }>> {
  const handling = await handlingBySkus(
    db,
    units.map((u) => u.sku),
  );
  return units.map((u) => {
    const h = handling.get(u.sku);
    return {
      sku: u.sku,
      title: h ? lineTitle(h) || u.sku : u.sku,
      quantity: u.quantity,
      weightGrams: h?.weight_grams ?? 0,
      lengthMm: h?.length_mm ?? null,
      widthMm: h?.width_mm ?? null,
      heightMm: h?.height_mm ?? null,
    };
  });
}

/** The box the remaining units fit in best, among the location's package types. */
export async function suggestPackage(db: Executor, foId: string) {
  const fo = await getFulfillmentOrder(db, foId);
  shippable(fo);
  const left = unitsToPack(fo, await shipmentsOfFulfillmentOrder(db, fo.id));
  const its = await items(db, left);
  const boxes = await listPackageTypes(db, fo.location_id, true);
  const fit = suggestBox(boxes.map(asBox), its);
  return {
    package_type: fit ? (boxes.find((b) => b.id === fit.box.id) ?? null) : null,
    items_weight_grams: itemsWeight(its),
    total_weight_grams: fit?.totalWeightGrams ?? null,
    fill_ratio: fit?.fillRatio ?? null,
    lines: left,
  };
}

function checkUnits(left: readonly Unit[], wanted: PackInput["lines"]) {
  const errors: { path: string; message: string }[] = [];
  const asked = new Map<string, number>();
  wanted.forEach((w, i) => {
    const k = `${w.order_line_id}|${w.sku}`;
    asked.set(k, (asked.get(k) ?? 0) + w.quantity);
    const have = left.find((u) => u.order_line_id === w.order_line_id && u.sku === w.sku)?.quantity ?? 0;
    if ((asked.get(k) ?? 0) > have)
      errors.push({ path: `body.lines.${i}.quantity`, message: `only ${have} of ${w.sku} left to pack` });
  });
  if (errors.length) throw unprocessable("These units are not left to pack", errors);
}

async function chooseBox(
  db: Executor,
  fo: FulfillmentOrder & { location_id: string },
  input: PackInput,
  its: Item[],
) {
  if (input.package_type_id) {
    const box = await getPackageType(db, input.package_type_id).catch(() => null);
    if (!box?.active || (box.location_id && box.location_id !== fo.location_id)) {
      throw unprocessable("Unknown package type", [
        {
          path: "body.package_type_id",
          message: `${input.package_type_id} is not a box offered at ${fo.location_id}`,
        },
      ]);
    }
    return box;
  }
  if (input.length_mm && input.width_mm && input.height_mm) return null;
  const boxes = await listPackageTypes(db, fo.location_id, true);
  const fit = suggestBox(boxes.map(asBox), its);
  if (!fit) {
    throw unprocessable("No box fits these units: choose a package type or give the dimensions", [
      { path: "body.package_type_id", message: "required when no configured box fits" },
    ]);
  }
  return boxes.find((b) => b.id === fit.box.id)!;
}

/** Puts units of a fulfillment order into a new package (status packed). */
export async function packShipment(
  db: Executor,
  ctx: RequestContext,
  foId: string,
  input: PackInput,
): Promise<Shipment> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, foId);
    shippable(fo);
    const left = unitsToPack(fo, await shipmentsOfFulfillmentOrder(tx, fo.id));
    checkUnits(left, input.lines);
    const its = await items(tx, input.lines);
    const box: PackageType | null = await chooseBox(tx, fo, input, its);
    const started = await ensureStarted(tx, ctx, fo);
    const now = nowIso();
    const id = newId("shipment");
    await tx
      .insertInto("shipments")
      .values({
        id,
        fulfillment_order_id: fo.id,
        order_id: fo.order_id,
        location_id: fo.location_id,
        fulfillment_type: fo.fulfillment_type as "ship" | "pickup" | "local_delivery",
        status: "packed",
        package_type_id: box?.id ?? null,
        length_mm: input.length_mm ?? box?.length_mm ?? null,
        width_mm: input.width_mm ?? box?.width_mm ?? null,
        height_mm: input.height_mm ?? box?.height_mm ?? null,
        weight_grams: input.weight_grams ?? Math.max(1, itemsWeight(its) + (box?.tare_grams ?? 0)),
        label_id: null,
        carrier: null,
        service: null,
        tracking_number: null,
        tracking_url: null,
        promised_delivery_date: started.promised_delivery_date,
        service_estimate: null,
        eta: started.promised_delivery_date,
        tracking_status: null,
        last_event_at: null,
        pickup_code: null,
        shipped_at: null,
        delivered_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto("shipment_lines")
      .values(
        mergeLines(input.lines).map((l) => ({
          shipment_id: id,
          ...l,
          title: its.find((i) => i.sku === l.sku)?.title ?? l.sku,
        })),
      )
      .execute();
    const shipment = await getStoredShipment(tx, id);
    await announceShipment(tx, ctx, shipment, "packed");
    return shipment;
  }).then(publicView);
}

function mergeLines(lines: PackInput["lines"]): Unit[] {
  const merged = new Map<string, Unit>();
  for (const l of lines) {
    const k = `${l.order_line_id}|${l.sku}`;
    const u = merged.get(k);
    if (u) u.quantity += l.quantity;
    else merged.set(k, { order_line_id: l.order_line_id, sku: l.sku, quantity: l.quantity });
  }
  return [...merged.values()];
}

/** Takes a package apart before it has a label or ships: its units are to pack again. */
export async function unpackShipment(db: Executor, ctx: RequestContext, id: string): Promise<Shipment> {
  return inTransaction(db, async (tx) => {
    const s = await getStoredShipment(tx, id);
    const after = await moveShipment(tx, s, "unpack", "cancelled");
    await announceShipment(tx, ctx, after, "unpacked");
    return publicView(after);
  });
}
