// Slots, holds and bookings. A slot row is created the first time it is held; its `used` counter
// (held + booked) only ever rises through `used < capacity` conditional updates, so concurrent
// holds cannot over-book it on either database. Lapsed holds give their place back lazily (when
// the slot is read or held) and through the dispatcher's sweep.
import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import { locate } from "../../domain/geography.js";
import {
  generateSlots,
  occurrenceOn,
  parseSlotId,
  type SlotOccurrence,
  type SlotTemplate,
  unbookableReason,
  weekdayOfDate,
  worksDuring,
} from "../../domain/scheduling.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { getOrder } from "../orders/index.js";
import { getTemplate, locationOf, type ResourceView, resourcesOf, templatesOf, toTemplate } from "./setup.js";
import type { SlotBookingsTable } from "./tables.js";

export interface SlotQuery {
  location_id: string;
  from: string;
  to: string;
  kind?: "delivery" | "service" | undefined;
  skill?: string | undefined;
}

/** Whether a technician of the location can serve the template's slots (skill, hours). */
function staffed(
  t: SlotTemplate,
  date: string,
  technicians: readonly ResourceView[],
  skill?: string,
): boolean {
  const need = t.skill ?? skill;
  if (t.kind !== "service") return true;
  if (skill && t.skill && t.skill !== skill) return false;
  return technicians.some(
    (r) =>
      (!need || r.skills.includes(need)) &&
      (r.working_hours.length === 0 || worksDuring(r.working_hours, weekdayOfDate(date), t.start, t.end)),
  );
}

/** Places of lapsed holds per slot, still counted in `used` until given back. */
async function lapsedHolds(
  db: Executor,
  slotIds: readonly string[],
  now: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (slotIds.length === 0) return out;
  const rows = await db
    .selectFrom("slot_bookings")
    .select(["slot_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("slot_id", "in", [...slotIds])
    .where("status", "=", "held")
    .where("expires_at", "<=", now)
    .groupBy("slot_id")
    .execute();
  for (const r of rows) out.set(r.slot_id, Number(r.n));
  return out;
}

/** Bookable slots with free places; `all` keeps full, closed and unstaffed ones too (the calendar). */
export async function listSlots(db: Executor, q: SlotQuery, at = new Date(), all = false) {
  const location = await locationOf(db, q.location_id);
  // A skill asked for means service work.
  const rows = (await templatesOf(db, q.location_id)).filter(
    (t) => (!q.kind || t.kind === q.kind) && (!q.skill || t.kind === "service"),
  );
  const templates = new Map(rows.map((r) => [r.id, toTemplate(r)]));
  const technicians = (await resourcesOf(db, q.location_id)).filter((r) => r.kind === "technician");
  const slots = generateSlots([...templates.values()], q.from, q.to, location.time_zone).filter((s) => {
    const t = templates.get(s.templateId)!;
    if (all) return true;
    return (
      unbookableReason(t, s, at, location.time_zone) === null && staffed(t, s.date, technicians, q.skill)
    );
  });
  const ids = slots.map((s) => s.id);
  const used = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = await db
      .selectFrom("slot_instances")
      .select(["id", "used"])
      .where("id", "in", chunk)
      .execute();
    for (const r of found) used.set(r.id, r.used);
  }
  const lapsed = await lapsedHolds(db, [...used.keys()], at.toISOString());
  const data = slots
    .map((s) => {
      const taken = (used.get(s.id) ?? 0) - (lapsed.get(s.id) ?? 0);
      return slotView(s, q.location_id, taken);
    })
    .filter((s) => all || s.available > 0);
  return { data };
}

const slotView = (s: SlotOccurrence, locationId: string, used: number) => ({
  id: s.id,
  template_id: s.templateId,
  location_id: locationId,
  date: s.date,
  kind: s.kind,
  skill: s.skill,
  starts_at: s.startsAt,
  ends_at: s.endsAt,
  cutoff_at: s.cutoffAt,
  capacity: s.capacity,
  used,
  available: Math.max(0, s.capacity - used),
});

/** Gives back the places of the slot's lapsed holds (marked `expired`); returns how many. */
async function expireSlot(tx: Executor, slotId: string, now: string): Promise<number> {
  const expired = await tx
    .updateTable("slot_bookings")
    .set({ status: "expired", updated_at: now })
    .where("slot_id", "=", slotId)
    .where("status", "=", "held")
    .where("expires_at", "<=", now)
    .returning("id")
    .execute();
  if (expired.length > 0)
    await tx
      .updateTable("slot_instances")
      .set({ used: sql`used - ${expired.length}` })
      .where("id", "=", slotId)
      .execute();
  return expired.length;
}

/** Checks a slot can be booked now and takes one place in it (the guarded update). */
async function takePlace(
  tx: Executor,
  slotId: string,
  at: Date,
  expect?: { location: string; kind: string },
) {
  const ref = parseSlotId(slotId);
  const row = ref ? await getTemplate(tx, ref.templateId) : undefined;
  if (!ref || !row) throw notFound("slot", slotId);
  const location = await locationOf(tx, row.location_id);
  const template = toTemplate(row);
  const slot = occurrenceOn(template, ref.date, location.time_zone);
  if (!slot) throw notFound("slot", slotId);
  if (expect && (expect.location !== row.location_id || expect.kind !== row.kind))
    throw unprocessable("The new slot must be of the same kind at the same location", [
      { path: "slot_id", message: "Another location or kind" },
    ]);
  const reason = unbookableReason(template, slot, at, location.time_zone);
  if (reason)
    throw unprocessable(`The slot cannot be booked: ${reason}`, [{ path: "slot_id", message: reason }]);
  const technicians = (await resourcesOf(tx, row.location_id)).filter((r) => r.kind === "technician");
  if (!staffed(template, slot.date, technicians))
    throw unprocessable(`No technician with the skill ${template.skill ?? "(any)"} works this slot`, [
      { path: "slot_id", message: "No technician with the skill" },
    ]);
  const now = at.toISOString();
  await tx
    .insertInto("slot_instances")
    .values({
      id: slot.id,
      template_id: row.id,
      location_id: row.location_id,
      date: slot.date,
      kind: row.kind,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      capacity: row.capacity,
      used: 0,
      created_at: now,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await expireSlot(tx, slot.id, now);
  const taken = await tx
    .updateTable("slot_instances")
    .set({ used: sql`used + 1` })
    .where("id", "=", slot.id)
    .where(sql<boolean>`used < capacity`)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) throw conflict("The slot is full", { slot_id: slot.id });
  return { slot, row };
}

async function freePlace(tx: Executor, slotId: string): Promise<void> {
  await tx
    .updateTable("slot_instances")
    .set({ used: sql`used - 1` })
    .where("id", "=", slotId)
    .where("used", ">", 0)
    .execute();
}

export interface HoldInput {
  slot_id: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
  weight?: number | undefined;
  service_minutes?: number | undefined;
  note?: string | undefined;
}

export async function holdSlot(db: Executor, ctx: RequestContext, input: HoldInput, holdMinutes: number) {
  if ((input.latitude === undefined) !== (input.longitude === undefined))
    throw unprocessable("latitude and longitude go together", [
      { path: "longitude", message: "Both or neither" },
    ]);
  return inTransaction(db, async (tx) => {
    const at = new Date();
    const { slot, row } = await takePlace(tx, input.slot_id, at);
    const now = at.toISOString();
    const booking: SlotBookingsTable = {
      id: newId("slotBooking"),
      slot_id: slot.id,
      location_id: row.location_id,
      date: slot.date,
      kind: row.kind,
      status: "held",
      expires_at: new Date(at.getTime() + holdMinutes * 60_000).toISOString(),
      order_id: null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      weight: input.weight ?? null,
      service_minutes: input.service_minutes ?? (row.kind === "service" ? 60 : 10),
      note: input.note ?? null,
      created_by: ctx.actor.id ?? ctx.actor.type,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("slot_bookings").values(booking).execute();
    return booking;
  });
}

export async function getBooking(db: Executor, id: string): Promise<SlotBookingsTable> {
  const row = await db.selectFrom("slot_bookings").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("booking", id);
  return row;
}

export async function confirmHold(db: Executor, id: string, orderId: string) {
  return inTransaction(db, async (tx) => {
    const booking = await getBooking(tx, id);
    const now = nowIso();
    if (booking.status !== "held") throw conflict(`The booking is ${booking.status}, not held`);
    if (booking.expires_at && booking.expires_at <= now) throw conflict("The hold has expired");
    const order = await getOrder(tx, orderId);
    let { latitude, longitude } = booking;
    if (booking.kind === "delivery" && (latitude === null || longitude === null)) {
      const address = order.shipping_address;
      const point = address ? locate({ country: address.country, postalCode: address.postal_code }) : null;
      if (!point || point.precision === "country")
        throw unprocessable(
          "The order's shipping address cannot be placed; hold with latitude and longitude",
          [{ path: "order_id", message: "No coordinates for the delivery" }],
        );
      latitude = point.lat;
      longitude = point.lon;
    }
    await tx
      .updateTable("slot_bookings")
      .set({ status: "booked", order_id: orderId, expires_at: null, latitude, longitude, updated_at: now })
      .where("id", "=", id)
      .where("status", "=", "held")
      .execute();
    return getBooking(tx, id);
  });
}

export async function rescheduleBooking(db: Executor, id: string, slotId: string) {
  return inTransaction(db, async (tx) => {
    const booking = await getBooking(tx, id);
    if (booking.status !== "booked" && booking.status !== "held")
      throw conflict(`A ${booking.status} booking cannot be rescheduled`);
    if (booking.slot_id === slotId) return booking;
    const at = new Date();
    const { slot } = await takePlace(tx, slotId, at, { location: booking.location_id, kind: booking.kind });
    const moved = await tx
      .updateTable("slot_bookings")
      .set({ slot_id: slot.id, date: slot.date, updated_at: at.toISOString() })
      .where("id", "=", id)
      .where("status", "=", booking.status)
      .where("slot_id", "=", booking.slot_id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict("The booking changed meanwhile; try again");
    await freePlace(tx, booking.slot_id);
    return getBooking(tx, id);
  });
}

export async function cancelBooking(db: Executor, id: string) {
  return inTransaction(db, async (tx) => {
    const booking = await getBooking(tx, id);
    if (booking.status !== "booked" && booking.status !== "held")
      throw conflict(`A ${booking.status} booking cannot be cancelled`);
    const done = await tx
      .updateTable("slot_bookings")
      .set({ status: "cancelled", expires_at: null, updated_at: nowIso() })
      .where("id", "=", id)
      .where("status", "=", booking.status)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) await freePlace(tx, booking.slot_id);
    return getBooking(tx, id);
  });
}

/** The dispatcher's sweep: lapsed holds give their places back. Returns how many. */
export async function expireHolds(db: Executor, at = new Date()): Promise<number> {
  const now = at.toISOString();
  const slots = await db
    .selectFrom("slot_bookings")
    .select("slot_id")
    .distinct()
    .where("status", "=", "held")
    .where("expires_at", "<=", now)
    .limit(200)
    .execute();
  let n = 0;
  for (const { slot_id } of slots) n += await inTransaction(db, (tx) => expireSlot(tx, slot_id, now));
  return n;
}

/** The booked stops of a day at a location, for route planning. */
export async function bookedDeliveries(db: Executor, locationId: string, date: string) {
  return db
    .selectFrom("slot_bookings")
    .innerJoin("slot_instances", "slot_instances.id", "slot_bookings.slot_id")
    .selectAll("slot_bookings")
    .select(["slot_instances.starts_at", "slot_instances.ends_at"])
    .where("slot_bookings.location_id", "=", locationId)
    .where("slot_bookings.date", "=", date)
    .where("slot_bookings.kind", "=", "delivery")
    .where("slot_bookings.status", "=", "booked")
    .orderBy("slot_bookings.id")
    .execute();
}

/** The next bookable delivery slots of a location (for promising local delivery); reads only. */
export async function nextDeliverySlots(db: Executor, locationId: string, at: Date, days = 7, limit = 10) {
  const from = at.toISOString().slice(0, 10);
  const to = new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const { data } = await listSlots(db, { location_id: locationId, from, to, kind: "delivery" }, at);
  return data.slice(0, limit);
}
