import type { Executor } from "../../db/transaction.js";
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
  const rows = await db.selectFrom("locations").selectAll().where("id", "in", [...new Set(ids)]).execute();
  return rows.map(toLocation);
}
