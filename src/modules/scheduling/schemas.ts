import { z } from "zod";
import { text } from "../../http/schemas.js";

const id = z.string().trim().min(1).max(64);
const day = z.iso.date();
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Must be HH:MM (24-hour local time)");
const skill = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_-]+$/, "Lower-case letters, digits, - and _");
const kind = z.enum(["delivery", "service"]);
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

export const templateBody = z
  .strictObject({
    location_id: id,
    kind,
    weekday: z.number().int().min(0).max(6).describe("0 = Sunday … 6 = Saturday"),
    start: time.describe("Local start time in the location's time zone"),
    end: time,
    capacity: z.number().int().min(1).max(10_000),
    skill: skill.nullable().optional().describe("Service slots: the skill a technician needs"),
    cutoff_hours: z.number().min(0).max(720).default(0).describe("Booking closes this long before the start"),
    lead_days: z.number().int().min(0).max(365).default(0),
    holidays: z.array(day).max(366).default([]),
  })
  .refine((b) => b.end > b.start, { path: ["end"], message: "Must be after start" })
  .refine((b) => b.kind === "service" || !b.skill, {
    path: ["skill"],
    message: "Only service slots take a skill",
  });

export const templateSchema = z
  .object({
    id: z.string(),
    location_id: z.string(),
    kind,
    weekday: z.number().int(),
    start: z.string(),
    end: z.string(),
    capacity: z.number().int(),
    skill: z.string().nullable(),
    cutoff_hours: z.number(),
    lead_days: z.number().int(),
    holidays: z.array(z.string()),
    created_at: z.string(),
  })
  .meta({ id: "SlotTemplate" });

export const templateQuery = z.strictObject({ location_id: id });
export const templateList = z.object({ data: z.array(templateSchema) }).meta({ id: "SlotTemplateList" });

const hours = z.strictObject({ weekday: z.number().int().min(0).max(6), start: time, end: time });

export const resourceBody = z.strictObject({
  location_id: id,
  kind: z.enum(["driver", "technician", "vehicle"]),
  name: text(120).pipe(z.string().min(1)),
  skills: z.array(skill).max(50).default([]),
  working_hours: z.array(hours).max(50).default([]).describe("Drivers and technicians: when they work"),
  capacity_weight: z.number().positive().max(1e6).nullable().optional(),
  capacity_volume: z.number().positive().max(1e6).nullable().optional(),
  max_stops: z.number().int().min(1).max(1000).nullable().optional(),
});

export const resourceSchema = z
  .object({
    id: z.string(),
    location_id: z.string(),
    kind: z.enum(["driver", "technician", "vehicle"]),
    name: z.string(),
    skills: z.array(z.string()),
    working_hours: z.array(z.object({ weekday: z.number().int(), start: z.string(), end: z.string() })),
    capacity_weight: z.number().nullable(),
    capacity_volume: z.number().nullable(),
    max_stops: z.number().int().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "SchedulingResource" });
export const resourceList = z
  .object({ data: z.array(resourceSchema) })
  .meta({ id: "SchedulingResourceList" });

export const slotQuery = z
  .strictObject({
    location_id: id,
    from: day,
    to: day,
    kind: kind.optional(),
    skill: skill.optional(),
  })
  .refine((q) => q.to >= q.from, { path: ["to"], message: "Must not be before from" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
    path: ["to"],
    message: "At most 62 days",
  });

export const slotSchema = z
  .object({
    id: z.string(),
    template_id: z.string(),
    location_id: z.string(),
    date: z.string(),
    kind,
    skill: z.string().nullable(),
    starts_at: z.string(),
    ends_at: z.string(),
    cutoff_at: z.string(),
    capacity: z.number().int(),
    used: z.number().int().describe("Held plus booked"),
    available: z.number().int(),
  })
  .meta({ id: "Slot" });
export const slotList = z.object({ data: z.array(slotSchema) }).meta({ id: "SlotList" });

export const holdBody = z.strictObject({
  slot_id: id,
  latitude: lat.optional().describe("Delivery stop, when the order's address has no coordinates"),
  longitude: lon.optional(),
  weight: z.number().min(0).max(1e6).optional(),
  service_minutes: z.number().int().min(0).max(480).optional(),
  note: text(500).optional(),
});

export const bookingSchema = z
  .object({
    id: z.string(),
    slot_id: z.string(),
    location_id: z.string(),
    date: z.string(),
    kind,
    status: z.enum(["held", "booked", "cancelled", "expired"]),
    expires_at: z.string().nullable(),
    order_id: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    weight: z.number().nullable(),
    service_minutes: z.number().int(),
    note: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "SlotBooking" });

export const confirmBody = z.strictObject({ order_id: id });
export const rescheduleBody = z.strictObject({ slot_id: id });
export const cancelBody = z.strictObject({ reason: text(500).optional() }).optional();

export const routePlanBody = z.strictObject({ location_id: id, date: day });

const plannedStop = z.object({
  booking_id: z.string(),
  order_id: z.string().nullable(),
  sequence: z.number().int(),
  latitude: z.number(),
  longitude: z.number(),
  window_start: z.string(),
  window_end: z.string(),
  eta: z.string(),
  service_start: z.string(),
  departure: z.string(),
  wait_seconds: z.number(),
  slack_seconds: z.number(),
  reasons: z.array(z.string()),
});

export const routePlanSchema = z
  .object({
    id: z.string(),
    location_id: z.string(),
    date: z.string(),
    routes: z.array(
      z.object({
        vehicle_id: z.string(),
        driver_id: z.string().nullable(),
        departure: z.string(),
        return_time: z.string(),
        distance_m: z.number(),
        stops: z.array(plannedStop),
      }),
    ),
    unassigned: z.array(z.object({ booking_id: z.string(), reason: z.string() })),
    stop_count: z.number().int(),
    distance_m: z.number(),
    elapsed_ms: z.number(),
    created_at: z.string(),
  })
  .meta({ id: "RoutePlan" });

export type RoutePlanView = z.infer<typeof routePlanSchema>;
