import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { type Executor, inTransaction } from "../../db/transaction.js";
import { badRequest, conflict, notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { emitEvent } from "../events/index.js";
import type { CreateLocationInput, UpdateLocationInput } from "./schemas.js";
import type { LocationsTable } from "./tables.js";

export type Capability = "ship" | "pickup" | "local_delivery" | "returns";

export interface Location extends Omit<LocationsTable, "capabilities" | "active"> {
  capabilities: Capability[];
  active: boolean;
}

export function toLocation(row: LocationsTable): Location {
  return { ...row, capabilities: JSON.parse(row.capabilities) as Capability[], active: row.active === 1 };
}

export async function getLocationsByIds(db: Executor, ids: readonly string[]): Promise<Location[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("locations")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .execute();
  return rows.map(toLocation);
}

/** Locations by code; unknown codes are absent. */
export async function getLocationsByCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, Location>> {
  const result = new Map<string, Location>();
  if (codes.length === 0) return result;
  const rows = await db
    .selectFrom("locations")
    .selectAll()
    .where("code", "in", [...new Set(codes)])
    .execute();
  for (const row of rows) result.set(row.code, toLocation(row));
  return result;
}

/** Locations named by id or by code, one query: each ref's id, or null when it names none. */
export async function resolveLocationRefs(
  db: Executor,
  refs: readonly string[],
): Promise<Array<string | null>> {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom("locations")
    .select(["id", "code"])
    .where((eb) => eb.or([eb("id", "in", [...refs]), eb("code", "in", [...refs])]))
    .execute();
  return refs.map((ref) => (rows.find((r) => r.id === ref) ?? rows.find((r) => r.code === ref))?.id ?? null);
}

/** A location by id (`loc_…`) or by code. */
export async function getLocation(db: Executor, ref: string): Promise<Location> {
  const row = await db
    .selectFrom("locations")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", ref), eb("code", "=", ref)]))
    .executeTakeFirst();
  if (!row) throw notFound("Location", ref);
  return toLocation(row);
}

export interface LocationFilter {
  type?: LocationsTable["type"] | undefined;
  active?: "true" | "false" | undefined;
  capability?: Capability | undefined;
}

export async function listLocations(db: Executor, filter: LocationFilter, page: PageRequest) {
  let query = db.selectFrom("locations").selectAll();
  if (filter.type) query = query.where("type", "=", filter.type);
  if (filter.active) query = query.where("active", "=", filter.active === "true" ? 1 : 0);
  if (filter.capability) query = query.where("capabilities", "like", `%"${filter.capability}"%`);
  const result = await keysetPage(query, "id", page, "asc");
  return { data: result.data.map(toLocation), next_cursor: result.next_cursor };
}

function checkPostalCode(postalCode: string | null | undefined, country: string): void {
  if (!postalCode || !postcodeValidatorExistsForCountry(country)) return;
  if (!postcodeValidator(postalCode, country)) {
    throw badRequest(`${postalCode} is not a postal code of ${country}`, [
      { path: "body.postal_code", message: `Not a valid postal code for ${country}` },
    ]);
  }
}

export async function createLocation(
  db: Executor,
  ctx: RequestContext,
  input: CreateLocationInput,
): Promise<Location> {
  checkPostalCode(input.postal_code, input.country);
  return inTransaction(db, async (tx) => {
    const taken = await tx
      .selectFrom("locations")
      .select("id")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken) throw conflict(`A location with code ${input.code} already exists`, { existing_id: taken.id });
    const now = nowIso();
    const row: LocationsTable = {
      id: newId("location"),
      code: input.code,
      name: input.name,
      type: input.type,
      address_line1: input.address_line1 ?? null,
      address_line2: input.address_line2 ?? null,
      city: input.city ?? null,
      region: input.region ?? null,
      postal_code: input.postal_code ?? null,
      country: input.country,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      capabilities: JSON.stringify(input.capabilities ?? ["ship"]),
      time_zone: input.time_zone ?? "UTC",
      processing_days: input.processing_days ?? 1,
      cutoff_hour: input.cutoff_hour ?? 14,
      daily_capacity: input.daily_capacity ?? null,
      priority: input.priority ?? 100,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("locations").values(row).execute();
    const location = toLocation(row);
    await recordAudit(tx, ctx, {
      action: "location.created",
      resourceType: "location",
      resourceId: row.id,
      data: { code: row.code, type: row.type },
    });
    await emitEvent(tx, ctx, {
      type: "location.created",
      resourceType: "location",
      resourceId: row.id,
      data: location,
    });
    return location;
  });
}

export async function updateLocation(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: UpdateLocationInput,
): Promise<Location> {
  return inTransaction(db, async (tx) => {
    const current = await getLocation(tx, ref);
    checkPostalCode(
      patch.postal_code === undefined ? current.postal_code : patch.postal_code,
      patch.country ?? current.country,
    );
    const { capabilities, active, ...rest } = patch;
    const set: Partial<LocationsTable> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (set as Record<string, unknown>)[key] = value;
    }
    if (capabilities !== undefined) set.capabilities = JSON.stringify(capabilities);
    if (active !== undefined) set.active = active ? 1 : 0;
    await tx
      .updateTable("locations")
      .set({ ...set, updated_at: nowIso() })
      .where("id", "=", current.id)
      .execute();
    const location = await getLocation(tx, current.id);
    await recordAudit(tx, ctx, {
      action: "location.updated",
      resourceType: "location",
      resourceId: current.id,
      data: { change: patch },
    });
    await emitEvent(tx, ctx, {
      type: "location.updated",
      resourceType: "location",
      resourceId: current.id,
      data: location,
    });
    return location;
  });
}
