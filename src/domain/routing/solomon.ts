// Solomon's VRPTW instances in the CVRPTW format LKH-3 distributes (TSPLIB-style header, then
// NODE_COORD_SECTION, DEMAND_SECTION, TIME_WINDOW_SECTION, DEPOT_SECTION). Pure: text in, problem
// out, so the benchmark and the tests share one reading of the files.
//
// LKH-3 scales coordinates by SCALE and floors each distance (FLOOR_2D); its best-known distances
// are in those units, so windows and service times are scaled by the same factor here and travel
// time equals distance — the same arithmetic as the published figures.
import type { Point, RoutingProblem, RoutingStop, RoutingVehicle } from "./types.js";

export interface SolomonInstance {
  readonly name: string;
  /** The fixed fleet size of the instance. */
  readonly vehicles: number;
  readonly capacity: number;
  readonly scale: number;
  readonly problem: RoutingProblem;
}

type Section = "NODE_COORD_SECTION" | "DEMAND_SECTION" | "TIME_WINDOW_SECTION" | "SERVICE_TIME_SECTION";
const SECTIONS = new Set<string>([
  "NODE_COORD_SECTION",
  "DEMAND_SECTION",
  "TIME_WINDOW_SECTION",
  "SERVICE_TIME_SECTION",
  "DEPOT_SECTION",
]);

function parseError(line: number, message: string): never {
  throw new SyntaxError(`Solomon instance, line ${line}: ${message}`);
}

export function parseSolomon(text: string): SolomonInstance {
  const header = new Map<string, string>();
  const rows: Record<Section, Map<number, number[]>> = {
    NODE_COORD_SECTION: new Map(),
    DEMAND_SECTION: new Map(),
    TIME_WINDOW_SECTION: new Map(),
    SERVICE_TIME_SECTION: new Map(),
  };
  const depots: number[] = [];
  let section: string | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === "" || line === "EOF") return;
    if (SECTIONS.has(line)) {
      section = line;
      return;
    }
    const colon = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (colon) {
      header.set(colon[1]!, colon[2]!.trim());
      section = null;
      return;
    }
    const numbers = line.split(/\s+/).map(Number);
    if (numbers.some((v) => !Number.isFinite(v))) parseError(lineNo, `not a row of numbers: ${line}`);
    if (section === "DEPOT_SECTION") {
      if (numbers[0]! >= 0) depots.push(numbers[0]!);
      return;
    }
    if (section === null) parseError(lineNo, `data outside a section: ${line}`);
    rows[section as Section].set(numbers[0]!, numbers.slice(1));
  });

  const num = (key: string, fallback?: number) => {
    const value = header.get(key);
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      return parseError(0, `missing ${key}`);
    }
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) parseError(0, `${key} is not a number: ${value}`);
    return parsed;
  };
  const dimension = num("DIMENSION");
  const vehicles = num("VEHICLES");
  const capacity = num("CAPACITY");
  const scale = num("SCALE", 1);
  const serviceTime = num("SERVICE_TIME", 0);
  const weightType = header.get("EDGE_WEIGHT_TYPE") ?? "EUC_2D";
  if (weightType !== "FLOOR_2D" && weightType !== "EUC_2D")
    parseError(0, `EDGE_WEIGHT_TYPE ${weightType} is not supported (FLOOR_2D or EUC_2D)`);
  const depot = depots[0] ?? 1;

  const points: Point[] = [];
  const stops: RoutingStop[] = [];
  let depotWindow: number[] | null = null;
  for (let node = 1; node <= dimension; node++) {
    const xy = rows.NODE_COORD_SECTION.get(node);
    const window = rows.TIME_WINDOW_SECTION.get(node);
    if (!xy || xy.length < 2) parseError(0, `node ${node} has no coordinates`);
    if (!window || window.length < 2) parseError(0, `node ${node} has no time window`);
    points.push({ x: xy[0]!, y: xy[1]! });
    if (node === depot) {
      depotWindow = window;
      continue;
    }
    stops.push({
      // Solomon numbers customers 1..100 after the depot; keep those names for the route sheet.
      id: String(node < depot ? node : node - 1),
      location: node - 1,
      demand: rows.DEMAND_SECTION.get(node)?.[0] ?? 0,
      window: { start: window[0]! * scale, end: window[1]! * scale },
      serviceTime: (rows.SERVICE_TIME_SECTION.get(node)?.[0] ?? serviceTime) * scale,
    });
  }
  const fleet: RoutingVehicle[] = Array.from({ length: vehicles }, (_, i) => ({
    id: `vehicle-${i + 1}`,
    capacity,
    shiftStart: depotWindow![0]! * scale,
    shiftEnd: depotWindow![1]! * scale,
    startLocation: depot - 1,
  }));
  return {
    name: header.get("NAME") ?? "",
    vehicles,
    capacity,
    scale,
    problem: {
      locations: {
        kind: "coordinates",
        points,
        scale,
        rounding: weightType === "FLOOR_2D" ? "floor" : "round",
      },
      stops,
      vehicles: fleet,
    },
  };
}
