// Slot templates and resources: what a location offers and who and what serves it.
import type { Executor } from "../../db/transaction.js";
import { notFound } from "../../domain/errors.js";
import type { SlotTemplate, WorkingHours } from "../../domain/scheduling.js";
import { newId, nowIso } from "../../lib/ids.js";
import { getLocationsByIds, type Location } from "../locations/index.js";
import type { SchedulingResourcesTable, SlotTemplatesTable } from "./tables.js";

export async function locationOf(db: Executor, id: string): Promise<Location> {
  const [location] = await getLocationsByIds(db, [id]);
  if (!location) throw notFound("location", id);
  return location;
}

export interface TemplateInput {
  location_id: string;
  kind: "delivery" | "service";
  weekday: number;
  start: string;
  end: string;
  capacity: number;
  skill?: string | null | undefined;
  cutoff_hours: number;
  lead_days: number;
  holidays: string[];
}

export const templateView = (r: SlotTemplatesTable) => ({
  id: r.id,
  location_id: r.location_id,
  kind: r.kind,
  weekday: r.weekday,
  start: r.start_time,
  end: r.end_time,
  capacity: r.capacity,
  skill: r.skill,
  cutoff_hours: r.cutoff_hours,
  lead_days: r.lead_days,
  holidays: JSON.parse(r.holidays) as string[],
  created_at: r.created_at,
});

export const toTemplate = (r: SlotTemplatesTable): SlotTemplate => ({
  id: r.id,
  weekday: r.weekday,
  start: r.start_time,
  end: r.end_time,
  capacity: r.capacity,
  kind: r.kind,
  skill: r.skill,
  cutoffHours: r.cutoff_hours,
  leadDays: r.lead_days,
  holidays: JSON.parse(r.holidays) as string[],
});

export async function createTemplate(db: Executor, input: TemplateInput) {
  await locationOf(db, input.location_id);
  const now = nowIso();
  const row: SlotTemplatesTable = {
    id: newId("slotTemplate"),
    location_id: input.location_id,
    kind: input.kind,
    weekday: input.weekday,
    start_time: input.start,
    end_time: input.end,
    capacity: input.capacity,
    skill: input.skill ?? null,
    cutoff_hours: input.cutoff_hours,
    lead_days: input.lead_days,
    holidays: JSON.stringify([...new Set(input.holidays)].sort()),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("slot_templates").values(row).execute();
  return templateView(row);
}

export async function templatesOf(db: Executor, locationId: string): Promise<SlotTemplatesTable[]> {
  return db
    .selectFrom("slot_templates")
    .selectAll()
    .where("location_id", "=", locationId)
    .where("active", "=", 1)
    .orderBy("weekday")
    .orderBy("start_time")
    .execute();
}

export async function getTemplate(db: Executor, id: string): Promise<SlotTemplatesTable | undefined> {
  return db
    .selectFrom("slot_templates")
    .selectAll()
    .where("id", "=", id)
    .where("active", "=", 1)
    .executeTakeFirst();
}

export interface ResourceInput {
  location_id: string;
  kind: "driver" | "technician" | "vehicle";
  name: string;
  skills: string[];
  working_hours: WorkingHours[];
  capacity_weight?: number | null | undefined;
  capacity_volume?: number | null | undefined;
  max_stops?: number | null | undefined;
}

export const resourceView = (r: SchedulingResourcesTable) => ({
  id: r.id,
  location_id: r.location_id,
  kind: r.kind,
  name: r.name,
  skills: JSON.parse(r.skills) as string[],
  working_hours: JSON.parse(r.working_hours) as WorkingHours[],
  capacity_weight: r.capacity_weight,
  capacity_volume: r.capacity_volume,
  max_stops: r.max_stops,
  created_at: r.created_at,
});
export type ResourceView = ReturnType<typeof resourceView>;

export async function createResource(db: Executor, input: ResourceInput) {
  await locationOf(db, input.location_id);
  const now = nowIso();
  const row: SchedulingResourcesTable = {
    id: newId("schedulingResource"),
    location_id: input.location_id,
    kind: input.kind,
    name: input.name,
    skills: JSON.stringify([...new Set(input.skills)].sort()),
    working_hours: JSON.stringify(input.working_hours),
    capacity_weight: input.capacity_weight ?? null,
    capacity_volume: input.capacity_volume ?? null,
    max_stops: input.max_stops ?? null,
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("scheduling_resources").values(row).execute();
  return resourceView(row);
}

export async function resourcesOf(db: Executor, locationId: string): Promise<ResourceView[]> {
  const rows = await db
    .selectFrom("scheduling_resources")
    .selectAll()
    .where("location_id", "=", locationId)
    .where("active", "=", 1)
    .orderBy("kind")
    .orderBy("id")
    .execute();
  return rows.map(resourceView);
}

export async function getTemplateView(db: Executor, id: string) {
  const row = await db.selectFrom("slot_templates").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("slot template", id);
  return templateView(row);
}

export async function getResource(db: Executor, id: string) {
  const row = await db.selectFrom("scheduling_resources").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("resource", id);
  return resourceView(row);
}
