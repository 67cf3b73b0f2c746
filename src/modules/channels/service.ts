import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, DomainError, notFound, unprocessable } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { findPriceList, getVariantsBySkus, unitPrices } from "../catalog/index.js";
import { emitEvent } from "../events/index.js";
import { resolveLocationRefs } from "../locations/index.js";
import type { CreateChannelInput, UpdateChannelInput } from "./schemas.js";
import type { ChannelsTable } from "./tables.js";

export interface Channel extends Omit<ChannelsTable, "active"> {
  active: boolean;
  /** Locations allowed to serve this channel's orders. */
  location_ids: string[];
}

export async function getChannelByCode(db: Executor, code: string): Promise<Channel | null> {
  // One round trip (every capture reads its channel): the channel once per location it has.
  const rows = await db
    .selectFrom("channels")
    .leftJoin("channel_locations", "channel_locations.channel_id", "channels.id")
    .selectAll("channels")
    .select("channel_locations.location_id")
    .where("channels.code", "=", code)
    .orderBy("channel_locations.location_id")
    .execute();
  const first = rows[0];
  if (!first) return null;
  const { location_id: _, ...row } = first;
  return {
    ...row,
    active: row.active === 1,
    location_ids: rows.flatMap((r) => (r.location_id ? [r.location_id] : [])),
  };
}

/** A channel by id (`chn_…`) or code. */
export async function getChannel(db: Executor, ref: string): Promise<Channel> {
  const row = await db
    .selectFrom("channels")
    .select("code")
    .where((eb) => eb.or([eb("id", "=", ref), eb("code", "=", ref)]))
    .executeTakeFirst();
  const channel = row ? await getChannelByCode(db, row.code) : null;
  if (!channel) throw notFound("Channel", ref);
  return channel;
}

export async function listChannels(db: Executor, page: PageRequest) {
  const result = await keysetPage(db.selectFrom("channels").selectAll(), "id", page, "asc");
  const ids = result.data.map((r) => r.id);
  const links = ids.length
    ? await db
        .selectFrom("channel_locations")
        .selectAll()
        .where("channel_id", "in", ids)
        .orderBy("location_id")
        .execute()
    : [];
  return {
    data: result.data.map((r) => ({
      ...r,
      active: r.active === 1,
      location_ids: links.filter((l) => l.channel_id === r.id).map((l) => l.location_id),
    })),
    next_cursor: result.next_cursor,
  };
}

/** Resolves location ids or codes, in order; unknown ones are a 422 naming each. */
async function resolveLocations(db: Executor, refs: readonly string[]): Promise<string[]> {
  const resolved = await resolveLocationRefs(db, refs);
  const errors: Array<{ path: string; message: string }> = [];
  const ids = refs.map((ref, i) => {
    const id = resolved[i];
    if (!id) errors.push({ path: `body.location_ids.${i}`, message: `Unknown location ${ref}` });
    return id ?? "";
  });
  if (errors.length) throw unprocessable("The channel names locations that do not exist", errors);
  if (new Set(ids).size !== ids.length)
    throw unprocessable("A location is named twice", [
      { path: "body.location_ids", message: "Each location once" },
    ]);
  return ids;
}

async function resolvePriceList(db: Executor, ref: string | null, currency: string): Promise<string | null> {
  if (ref === null) return null;
  const list = await findPriceList(db, ref);
  if (!list)
    throw unprocessable(`Price list ${ref} does not exist`, [
      { path: "body.price_list_id", message: `Unknown price list ${ref}` },
    ]);
  if (list.currency !== currency)
    throw unprocessable(`Price list ${list.code} is in ${list.currency}, the channel sells in ${currency}`, [
      { path: "body.currency", message: `Must equal the price list's currency ${list.currency}` },
    ]);
  return list.id;
}

export async function createChannel(
  db: Executor,
  ctx: RequestContext,
  input: CreateChannelInput,
): Promise<Channel> {
  return inTransaction(db, async (tx) => {
    const taken = await tx
      .selectFrom("channels")
      .select("id")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken) throw conflict(`A channel with code ${input.code} already exists`, { existing_id: taken.id });
    const priceListId = await resolvePriceList(tx, input.price_list_id ?? null, input.currency);
    const locationIds = await resolveLocations(tx, input.location_ids ?? []);
    const now = nowIso();
    const row: ChannelsTable = {
      id: newId("channel"),
      code: input.code,
      name: input.name,
      type: input.type,
      currency: input.currency,
      price_list_id: priceListId,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("channels").values(row).execute();
    if (locationIds.length)
      await tx
        .insertInto("channel_locations")
        .values(locationIds.map((location_id) => ({ channel_id: row.id, location_id })))
        .execute();
    const channel = await getChannel(tx, row.id);
    await recordAudit(tx, ctx, {
      action: "channel.created",
      resourceType: "channel",
      resourceId: row.id,
      data: { code: row.code, currency: row.currency, price_list_id: priceListId, location_ids: locationIds },
    });
    await emitEvent(tx, ctx, {
      type: "channel.created",
      resourceType: "channel",
      resourceId: row.id,
      data: channel,
    });
    return channel;
  });
}

export async function updateChannel(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: UpdateChannelInput,
): Promise<Channel> {
  return inTransaction(db, async (tx) => {
    const current = await getChannel(tx, ref);
    const currency = patch.currency ?? current.currency;
    const priceListRef = patch.price_list_id === undefined ? current.price_list_id : patch.price_list_id;
    const priceListId = await resolvePriceList(tx, priceListRef, currency);
    const locationIds =
      patch.location_ids === undefined ? undefined : await resolveLocations(tx, patch.location_ids);
    await tx
      .updateTable("channels")
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.type !== undefined && { type: patch.type }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        currency,
        price_list_id: priceListId,
        updated_at: nowIso(),
      })
      .where("id", "=", current.id)
      .execute();
    if (locationIds !== undefined) {
      await tx.deleteFrom("channel_locations").where("channel_id", "=", current.id).execute();
      if (locationIds.length)
        await tx
          .insertInto("channel_locations")
          .values(locationIds.map((location_id) => ({ channel_id: current.id, location_id })))
          .execute();
    }
    const channel = await getChannel(tx, current.id);
    await recordAudit(tx, ctx, {
      action: "channel.updated",
      resourceType: "channel",
      resourceId: current.id,
      data: { change: patch },
    });
    await emitEvent(tx, ctx, {
      type: "channel.updated",
      resourceType: "channel",
      resourceId: current.id,
      data: channel,
    });
    return channel;
  });
}

export interface PriceQuote {
  channel: string;
  sku: string;
  quantity: number;
  at: string;
  currency: string;
  price_list_id: string;
  unit_amount: number;
  amount: number;
}

/** The price a channel charges for a SKU at a quantity and moment (its price list's matching tier). */
export async function quotePrice(
  db: Executor,
  channelRef: string,
  sku: string,
  quantity: number,
  at: string = nowIso(),
): Promise<PriceQuote> {
  const channel = await getChannel(db, channelRef);
  const variants = await getVariantsBySkus(db, [sku]);
  if (!variants.has(sku)) throw notFound("SKU", sku);
  if (!channel.price_list_id)
    throw new DomainError("no-price-list", `Channel ${channel.code} has no price list`);
  const atUtc = new Date(at).toISOString();
  const prices = await unitPrices(db, channel.price_list_id, [{ sku, quantity }], atUtc);
  const unit = prices.get(sku);
  if (unit === undefined)
    throw new DomainError("price-not-found", `${sku} has no price in channel ${channel.code} at ${atUtc}`);
  return {
    channel: channel.code,
    sku,
    quantity,
    at: atUtc,
    currency: channel.currency,
    price_list_id: channel.price_list_id,
    unit_amount: unit,
    amount: unit * quantity,
  };
}

/** A channel that sells from this price list (its currency is then the channel's), or null. */
export async function channelSellingFrom(
  db: Executor,
  priceListId: string,
): Promise<{ code: string } | null> {
  const row = await db
    .selectFrom("channels")
    .select("code")
    .where("price_list_id", "=", priceListId)
    .executeTakeFirst();
  return row ?? null;
}
