import type { Executor } from "../../db/transaction.js";
import type { FieldError, PostalAddress } from "../../domain/address.js";
import { badRequest, DomainError, unprocessable } from "../../domain/errors.js";
import type { FulfillmentKind } from "../../domain/pricing.js";
import type { RequestContext } from "../access/index.js";
import { getSellableVariantsBySkus, type SellableVariant, unitPrices } from "../catalog/index.js";
import type { Channel } from "../channels/index.js";
import type { Location } from "../locations/index.js";
import { isDigital } from "../sourcing/index.js";

interface PlannedLine {
  index: number;
  path: string;
  sku: string;
  quantity: number;
  variant: SellableVariant;
  unit_price: number;
  price_override_reason: string | null;
}

interface LineInput {
  sku: string;
  quantity: number;
  unit_price?: number | undefined;
  price_override_reason?: string | undefined;
}

/** 403 when a line overrides its price and the caller may not (orders:override_price). */
export function checkMayOverridePrices(
  ctx: RequestContext,
  lines: readonly LineInput[],
  prefix: string,
): void {
  if (ctx.actor.type === "system" || ctx.actor.permissions.has("orders:override_price")) return;
  const i = lines.findIndex((l) => l.unit_price !== undefined);
  if (i < 0) return;
  throw new DomainError(
    "forbidden",
    "Overriding a line's price requires the permission orders:override_price",
    { errors: [{ path: `${prefix}.${i}.unit_price`, message: "Not allowed to override prices" }] },
  );
}

export function checkLineFormats(
  lines: readonly LineInput[],
  prefix: string,
  errors: FieldError[],
  seen = new Set<string>(),
) {
  lines.forEach((l, i) => {
    const path = `${prefix}.${i}`;
    if (seen.has(l.sku))
      errors.push({
        path: `${path}.sku`,
        message: `Duplicate line for SKU ${l.sku}; use one line with the total quantity`,
      });
    seen.add(l.sku);
    if (l.unit_price !== undefined && !l.price_override_reason) {
      errors.push({ path: `${path}.price_override_reason`, message: "A price override needs a reason" });
    }
    if (l.unit_price === undefined && l.price_override_reason) {
      errors.push({ path: `${path}.unit_price`, message: "A reason was given but no price override" });
    }
  });
}

/** Variants and unit prices for lines, or every precise reason they cannot be sold in the channel. */
export async function planLines(
  tx: Executor,
  channel: Channel,
  lines: readonly LineInput[],
  prefix: string,
  at: string,
  errors: FieldError[],
  keepPrices: Map<string, number> = new Map(),
): Promise<PlannedLine[]> {
  const variants = await getSellableVariantsBySkus(
    tx,
    lines.map((l) => l.sku),
  );
  const needPrice = lines.filter(
    (l) => l.unit_price === undefined && !keepPrices.has(l.sku) && variants.has(l.sku),
  );
  const prices =
    needPrice.length && channel.price_list_id
      ? await unitPrices(
          tx,
          channel.price_list_id,
          needPrice.map((l) => ({ sku: l.sku, quantity: l.quantity })),
          at,
        )
      : new Map<string, number>();
  const planned: PlannedLine[] = [];
  lines.forEach((l, index) => {
    const path = `${prefix}.${index}`;
    const variant = variants.get(l.sku);
    if (!variant) {
      errors.push({ path: `${path}.sku`, message: `Unknown SKU ${l.sku}` });
      return;
    }
    if (variant.status !== "active") {
      errors.push({ path: `${path}.sku`, message: `SKU ${l.sku} is not sellable (archived)` });
      return;
    }
    if (variant.available_from && variant.available_from > at && variant.backorder_policy !== "preorder") {
      errors.push({
        path: `${path}.sku`,
        message: `SKU ${l.sku} is not available before ${variant.available_from}`,
      });
      return;
    }
    const unit = l.unit_price ?? keepPrices.get(l.sku) ?? prices.get(l.sku);
    if (unit === undefined) {
      errors.push({ path: `${path}.sku`, message: `SKU ${l.sku} has no price in channel ${channel.code}` });
      return;
    }
    planned.push({
      index,
      path,
      sku: l.sku,
      quantity: l.quantity,
      variant,
      unit_price: unit,
      price_override_reason: l.unit_price !== undefined ? (l.price_override_reason ?? null) : null,
    });
  });
  return planned;
}

/**
 * A digital order delivers no parcel: it has no shipping address, no shipping charge and no
 * shipping tax, so every line must be a digital item (no tracked stock, no weight).
 */
export function refusePhysicalLinesOfDigitalOrder(
  fulfillment: FulfillmentKind,
  planned: readonly PlannedLine[],
  errors: FieldError[],
): void {
  if (fulfillment !== "digital") return;
  for (const p of planned) {
    if (isDigital(p.variant)) continue;
    errors.push({
      path: `${p.path}.sku`,
      message: `SKU ${p.sku} is a physical item: a digital order cannot deliver it (order it for ship, pickup or local_delivery)`,
    });
  }
}

export function eligibleLocations(
  channel: Channel,
  locations: Location[],
  fulfillment: FulfillmentKind,
  pickupLocationId: string | null,
  errors: FieldError[],
): string[] {
  const served = new Set(channel.location_ids);
  if (fulfillment === "pickup") {
    const loc = locations.find((l) => l.id === pickupLocationId);
    if (!loc)
      errors.push({ path: "body.pickup_location_id", message: `Unknown location ${pickupLocationId}` });
    else if (!loc.active)
      errors.push({ path: "body.pickup_location_id", message: `Location ${loc.id} is not active` });
    else if (!loc.capabilities.includes("pickup")) {
      errors.push({ path: "body.pickup_location_id", message: `Location ${loc.id} does not offer pickup` });
    } else if (!served.has(loc.id)) {
      errors.push({
        path: "body.pickup_location_id",
        message: `Location ${loc.id} does not serve channel ${channel.code}`,
      });
    } else return [loc.id];
    return [];
  }
  return locations
    .filter(
      (l) =>
        served.has(l.id) &&
        l.active &&
        (fulfillment === "digital" || l.capabilities.includes(fulfillment as "ship" | "local_delivery")),
    )
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
    .map((l) => l.id);
}

export function taxDestination(
  fulfillment: FulfillmentKind,
  shipping: PostalAddress | null,
  billing: PostalAddress | null,
  pickup: Location | undefined,
): { country: string | null; region: string | null } {
  if (fulfillment === "pickup" && pickup) return { country: pickup.country, region: pickup.region };
  const a = fulfillment === "digital" ? (billing ?? shipping) : (shipping ?? billing);
  return { country: a?.country ?? null, region: a?.region ?? null };
}

export function throwIf(errors: FieldError[], status: 400 | 422, detail: string) {
  if (!errors.length) return;
  throw status === 400 ? badRequest(detail, errors) : unprocessable(detail, errors);
}
