// The boxes each location packs into (dimensions, tare, how much they carry).
import type { Executor } from "../../db/transaction.js";
import { notFound, unprocessable } from "../../domain/errors.js";
import type { BoxType } from "../../domain/shipping/cartonization.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { getLocationsByIds } from "../locations/index.js";
import type { PackageTypesTable } from "./tables.js";

export interface PackageType extends Omit<PackageTypesTable, "active"> {
  active: boolean;
}

const view = (r: PackageTypesTable): PackageType => ({ ...r, active: r.active === 1 });

export const asBox = (p: PackageType): BoxType => ({
  id: p.id,
  name: p.name,
  lengthMm: p.length_mm,
  widthMm: p.width_mm,
  heightMm: p.height_mm,
  tareGrams: p.tare_grams,
  maxWeightGrams: p.max_weight_grams,
});

type Fields = Omit<PackageTypesTable, "id" | "active" | "created_at" | "updated_at">;

async function assertLocation(db: Executor, locationId: string | null | undefined) {
  if (!locationId) return;
  const [loc] = await getLocationsByIds(db, [locationId]);
  if (!loc)
    throw unprocessable("Unknown location", [
      { path: "body.location_id", message: `${locationId} does not exist` },
    ]);
}

export async function createPackageType(
  db: Executor,
  ctx: RequestContext,
  input: Omit<Fields, "location_id"> & { location_id?: string | null | undefined },
): Promise<PackageType> {
  await assertLocation(db, input.location_id);
  const now = nowIso();
  const row: PackageTypesTable = {
    ...input,
    location_id: input.location_id ?? null,
    id: newId("packageType"),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("package_types").values(row).execute();
  await recordAudit(db, ctx, {
    action: "package_type.created",
    resourceType: "package_type",
    resourceId: row.id,
    data: row,
  });
  return view(row);
}

export async function updatePackageType(
  db: Executor,
  ctx: RequestContext,
  id: string,
  patch: Partial<Fields> & { active?: boolean | undefined },
): Promise<PackageType> {
  const current = await getPackageType(db, id);
  await assertLocation(db, patch.location_id);
  const { active, ...fields } = patch;
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  await db
    .updateTable("package_types")
    .set({ ...set, ...(active === undefined ? {} : { active: active ? 1 : 0 }), updated_at: nowIso() })
    .where("id", "=", current.id)
    .execute();
  await recordAudit(db, ctx, {
    action: "package_type.updated",
    resourceType: "package_type",
    resourceId: id,
    data: patch,
  });
  return getPackageType(db, id);
}

export async function getPackageType(db: Executor, id: string): Promise<PackageType> {
  const row = await db.selectFrom("package_types").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Package type", id);
  return view(row);
}

/** The boxes offered at a location (its own and the shared ones); all of them without a location. */
export async function listPackageTypes(db: Executor, locationId?: string, activeOnly = false) {
  let q = db.selectFrom("package_types").selectAll();
  if (locationId)
    q = q.where((eb) => eb.or([eb("location_id", "=", locationId), eb("location_id", "is", null)]));
  if (activeOnly) q = q.where("active", "=", 1);
  const rows = await q.orderBy("id").execute();
  return rows.map(view);
}
