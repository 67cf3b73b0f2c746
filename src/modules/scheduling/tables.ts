import type { SlotKind } from "../../domain/scheduling.js";

export type BookingStatus = "held" | "booked" | "cancelled" | "expired";
export type ResourceKind = "driver" | "technician" | "vehicle";

/** A weekly slot at a location, in its local time. */
export interface SlotTemplatesTable {
  id: string;
  location_id: string;
  kind: SlotKind;
  weekday: number;
  start_time: string;
  end_time: string;
  capacity: number;
  skill: string | null;
  cutoff_hours: number;
  lead_days: number;
  /** JSON list of local dates (YYYY-MM-DD). */
  holidays: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** A dated slot, created when first held: `used` counts its held and booked places. */
export interface SlotInstancesTable {
  id: string;
  template_id: string;
  location_id: string;
  date: string;
  kind: SlotKind;
  starts_at: string;
  ends_at: string;
  capacity: number;
  used: number;
  created_at: string;
}

export interface SlotBookingsTable {
  id: string;
  slot_id: string;
  location_id: string;
  date: string;
  kind: SlotKind;
  status: BookingStatus;
  /** While held: when the place is given back. */
  expires_at: string | null;
  order_id: string | null;
  latitude: number | null;
  longitude: number | null;
  weight: number | null;
  service_minutes: number;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Drivers and technicians (skills, working hours) and vehicles (capacities) of a location. */
export interface SchedulingResourcesTable {
  id: string;
  location_id: string;
  kind: ResourceKind;
  name: string;
  /** JSON list of skill codes. */
  skills: string;
  /** JSON list of { weekday, start, end } in local time. */
  working_hours: string;
  capacity_weight: number | null;
  capacity_volume: number | null;
  max_stops: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** A stored route plan: the problem given to the planner (JSON), its answer, and the routes shown. */
export interface RoutePlansTable {
  id: string;
  location_id: string;
  date: string;
  problem: string;
  plan: string;
  routes: string;
  stop_count: number;
  unassigned_count: number;
  distance_m: number;
  elapsed_ms: number;
  created_by: string;
  created_at: string;
}

export interface SchedulingTables {
  slot_templates: SlotTemplatesTable;
  slot_instances: SlotInstancesTable;
  slot_bookings: SlotBookingsTable;
  scheduling_resources: SchedulingResourcesTable;
  route_plans: RoutePlansTable;
}
