// Local-delivery route plans: a day's booked delivery stops at a location, its vehicles paired
// with its drivers, solved by the VRPTW planner (src/domain/routing) and stored with every stop's
// order, ETA and explanation. The planner's clock is seconds after the location's local midnight,
// its distances metres (great-circle; travel at a fixed urban speed).
import type { Executor } from "../../db/transaction.js";
import { notFound, unprocessable } from "../../domain/errors.js";
import { distanceKm } from "../../domain/geo.js";
import { locate } from "../../domain/geography.js";
import {
  planRoutes,
  type RoutePlan,
  type RoutingProblem,
  type RoutingVehicle,
} from "../../domain/routing/index.js";
import { instantInDay, secondsIntoDay, wallSeconds, weekdayOfDate } from "../../domain/scheduling.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { bookedDeliveries } from "./bookings.js";
import type { RoutePlanView } from "./schemas.js";
import { locationOf, type ResourceView, resourcesOf } from "./setup.js";
import type { RoutePlansTable } from "./tables.js";

/** Urban driving speed, metres per second (30 km/h). */
const SPEED_MPS = 30_000 / 3600;
const DEFAULT_SHIFT = { start: "07:00", end: "21:00" };
const DEFAULT_MAX_STOPS = 1000;

function shiftOf(driver: ResourceView | undefined, date: string): { start: string; end: string } | null {
  if (!driver || driver.working_hours.length === 0) return DEFAULT_SHIFT;
  const weekday = weekdayOfDate(date);
  return driver.working_hours.find((h) => h.weekday === weekday) ?? null;
}

/** Solves the day's plan (reads only; call it outside a transaction: the solve takes its budget). */
export async function solveRoutePlan(
  db: Executor,
  ctx: RequestContext,
  input: { location_id: string; date: string },
  budgetMs: number,
): Promise<RoutePlansTable> {
  const location = await locationOf(db, input.location_id);
  const tz = location.time_zone;
  const depot = locate({
    country: location.country,
    postalCode: location.postal_code,
    lat: location.latitude,
    lon: location.longitude,
  });
  if (!depot)
    throw unprocessable("The location has no coordinates", [{ path: "location_id", message: "Unplaced" }]);
  const resources = await resourcesOf(db, location.id);
  const vehicles = resources.filter((r) => r.kind === "vehicle");
  const drivers = resources.filter((r) => r.kind === "driver");
  if (vehicles.length === 0)
    throw unprocessable("The location has no vehicles", [{ path: "location_id", message: "No vehicles" }]);
  // Each vehicle needs a driver working that day (a location without drivers on file runs every vehicle).
  const crews: {
    vehicle: ResourceView;
    driver: ResourceView | null;
    shift: { start: string; end: string };
  }[] = [];
  const available = drivers.filter((d) => shiftOf(d, input.date) !== null);
  for (const [i, vehicle] of vehicles.entries()) {
    const driver = drivers.length === 0 ? undefined : available[i];
    if (drivers.length > 0 && !driver) break;
    crews.push({ vehicle, driver: driver ?? null, shift: shiftOf(driver, input.date) ?? DEFAULT_SHIFT });
  }
  if (crews.length === 0)
    throw unprocessable("No driver works that day", [{ path: "date", message: "No driver on shift" }]);
  const bookings = (await bookedDeliveries(db, location.id, input.date)).filter(
    (b) => b.latitude !== null && b.longitude !== null,
  );
  // The planner has one capacity: weight when every vehicle on the road states one, else stops.
  const byWeight = crews.every((c) => c.vehicle.capacity_weight !== null);
  const points = [
    { lat: depot.lat, lon: depot.lon },
    ...bookings.map((b) => ({ lat: b.latitude as number, lon: b.longitude as number })),
  ];
  const distances = points.map((a) => points.map((b) => Math.round(distanceKm(a, b) * 1000)));
  const durations = distances.map((row) => row.map((d) => Math.round(d / SPEED_MPS)));
  const problem: RoutingProblem = {
    locations: { kind: "matrix", distances, durations },
    stops: bookings.map((b, i) => ({
      id: b.id,
      location: i + 1,
      demand: byWeight ? (b.weight ?? 0) : 1,
      window: {
        start: secondsIntoDay(input.date, b.starts_at, tz),
        end: secondsIntoDay(input.date, b.ends_at, tz),
      },
      serviceTime: b.service_minutes * 60,
    })),
    vehicles: crews.map(
      (c): RoutingVehicle => ({
        id: c.vehicle.id,
        capacity: byWeight
          ? (c.vehicle.capacity_weight as number)
          : (c.vehicle.max_stops ?? DEFAULT_MAX_STOPS),
        shiftStart: wallSeconds(input.date, c.shift.start, tz) ?? 0,
        shiftEnd: wallSeconds(input.date, c.shift.end, tz) ?? 86_400,
        startLocation: 0,
      }),
    ),
  };
  const plan = planRoutes(problem, { timeBudgetMs: budgetMs, seed: 1 });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const driverOf = new Map(crews.map((c) => [c.vehicle.id, c.driver?.id ?? null]));
  const at = (s: number) => instantInDay(input.date, s, tz);
  const routes = plan.routes.map((r) => ({
    vehicle_id: r.vehicleId,
    driver_id: driverOf.get(r.vehicleId) ?? null,
    departure: at(r.departure),
    return_time: at(r.returnTime),
    distance_m: r.distance,
    stops: r.stops.map((s, i) => {
      const b = byId.get(s.stopId)!;
      return {
        booking_id: b.id,
        order_id: b.order_id,
        sequence: i + 1,
        latitude: b.latitude as number,
        longitude: b.longitude as number,
        window_start: b.starts_at,
        window_end: b.ends_at,
        eta: at(s.arrival),
        service_start: at(s.serviceStart),
        departure: at(s.departure),
        wait_seconds: s.explanation.wait,
        slack_seconds: s.explanation.slack,
        reasons: [...s.explanation.reasons],
      };
    }),
  }));
  const unassigned = plan.unassigned.map((u) => ({ booking_id: u.stopId, reason: u.reason }));
  const row: RoutePlansTable = {
    id: newId("routePlan"),
    location_id: location.id,
    date: input.date,
    problem: JSON.stringify(problem),
    plan: JSON.stringify(plan),
    routes: JSON.stringify({ routes, unassigned }),
    stop_count: bookings.length,
    unassigned_count: unassigned.length,
    distance_m: plan.distance,
    elapsed_ms: Math.round(plan.stats.elapsedMs),
    created_by: ctx.actor.id ?? ctx.actor.type,
    created_at: nowIso(),
  };
  return row;
}

export async function storeRoutePlan(db: Executor, row: RoutePlansTable): Promise<RoutePlanView> {
  await db.insertInto("route_plans").values(row).execute();
  return view(row);
}

function view(row: RoutePlansTable): RoutePlanView {
  const { routes, unassigned } = JSON.parse(row.routes) as Pick<RoutePlanView, "routes" | "unassigned">;
  return {
    id: row.id,
    location_id: row.location_id,
    date: row.date,
    routes,
    unassigned,
    stop_count: row.stop_count,
    distance_m: row.distance_m,
    elapsed_ms: row.elapsed_ms,
    created_at: row.created_at,
  };
}

async function load(db: Executor, id: string): Promise<RoutePlansTable> {
  const row = await db.selectFrom("route_plans").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("route plan", id);
  return row;
}

export const getRoutePlan = async (db: Executor, id: string) => view(await load(db, id));

export async function listRoutePlans(db: Executor, locationId: string, date?: string) {
  let q = db.selectFrom("route_plans").selectAll().where("location_id", "=", locationId);
  if (date) q = q.where("date", "=", date);
  const rows = await q.orderBy("id", "desc").limit(50).execute();
  return { data: rows.map(view) };
}

/** The problem a plan was solved for and the planner's own answer: for checking it independently. */
export async function routePlanProblem(
  db: Executor,
  id: string,
): Promise<{ problem: RoutingProblem; plan: RoutePlan }> {
  const row = await load(db, id);
  return { problem: JSON.parse(row.problem) as RoutingProblem, plan: JSON.parse(row.plan) as RoutePlan };
}
