// Public shapes of the sourcing engine. Money is in minor units (e.g. cents) of one currency;
// fractional amounts can appear because per-kg rates are applied to gram weights.

export type FulfillmentType = "ship" | "pickup" | "local_delivery" | "digital";
export type LocationType = "warehouse" | "store" | "dropship";

export interface OrderLineInput {
  readonly sku: string;
  readonly quantity: number;
  /** Shipping weight of one unit, in grams. */
  readonly unitWeightGrams: number;
}

export interface Destination {
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface SourcingRequest {
  readonly lines: readonly OrderLineInput[];
  readonly destination: Destination;
  readonly fulfillmentType: FulfillmentType;
  /** Date the customer wants the goods delivered (or ready for pickup), `YYYY-MM-DD`. */
  readonly requestedDate?: string | undefined;
  /** The decision instant; passed in so that the engine stays pure and repeatable. */
  readonly now: Date;
  /** For pickup: the store the customer chose. Other locations are then excluded. */
  readonly pickupLocationId?: string | undefined;
}

export interface SourcingLocation {
  readonly id: string;
  readonly type: LocationType;
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2; when absent the location is assumed to be in the destination's country. */
  readonly country?: string | undefined;
  /** IANA time zone, used for the cut-off hour; defaults to UTC. */
  readonly timeZone?: string | undefined;
  readonly capabilities: readonly FulfillmentType[];
  /** Available (sellable, not yet committed) units per SKU. Missing SKUs have no stock. */
  readonly stock: Readonly<Record<string, number>>;
  /** How many more orders the location can take today; 0 means it cannot take this one. */
  readonly capacityLeftToday: number;
  /** Business days between the day work starts and the day the package leaves. 0 = same day. */
  readonly processingDays: number;
  /** Local hour (0–24, fractions allowed) after which today's orders start the next business day. */
  readonly cutoffHour: number;
  /** Ranked priority: lower comes first (1 is the most preferred). Breaks cost ties. */
  readonly priority: number;
  /** Overrides the rules' handling cost per package for this location. */
  readonly handlingCost?: number | undefined;
}

/** One distance band of a rate chart: cost of a package = baseCost + perKgCost × kg. */
export interface RateZone {
  readonly name: string;
  /** Inclusive upper bound of the band, in km. Use `Number.POSITIVE_INFINITY` for the last band. */
  readonly maxKm: number;
  readonly baseCost: number;
  readonly perKgCost: number;
  readonly transitDays: number;
}

export interface FulfillmentCosts {
  /** Sorted by `maxKm`. A location farther than the last band cannot serve this fulfillment type. */
  readonly zones: readonly RateZone[];
  /** Handling cost per package, by location type. */
  readonly handling: Readonly<Record<LocationType, number>>;
}

export interface SourcingRules {
  readonly costs: Readonly<Record<FulfillmentType, FulfillmentCosts>>;
  /** Penalty for each package beyond the first. */
  readonly splitPenalty: number;
  /** Penalty per package that arrives after the requested date … */
  readonly latePenaltyPerPackage: number;
  /** … plus this much per calendar day late. */
  readonly latePenaltyPerDay: number;
  /** Maximum number of locations (packages) an order may be split across. Pickup always uses 1. */
  readonly maxLocations: number;
  readonly storeProtection: {
    /** Units of every SKU kept at stores for walk-in customers. */
    readonly reserveUnits: number;
    /** Never take a store's last unit (acts as reserveUnits ≥ 1). */
    readonly neverShipLastUnit: boolean;
    /** Fulfillment types the protection applies to (pickup customers are the walk-ins). */
    readonly appliesTo: readonly FulfillmentType[];
  };
  readonly allowedLocationTypes: readonly LocationType[];
  /** Locations that must not be used, e.g. the one that just rejected the order (re-sourcing). */
  readonly excludedLocationIds: readonly string[];
  /** Allow shipping from a location in another country than the destination. */
  readonly allowCrossBorder: boolean;
  /**
   * Prefilter size K: the exact search considers about 1.5 K of the eligible locations (those with
   * stock of at least one line), the cheapest for this order; see the engine for the ranking.
   */
  readonly prefilterSize: number;
  /**
   * Wall-clock budget of the exact search, in ms; the greedy plan is returned at worst. The linear
   * work before it (screening, prefilter) is not counted, so a cold start cannot eat the budget.
   */
  readonly timeBudgetMs: number;
  /** Non-working days (`YYYY-MM-DD`) for promise dates, in addition to Saturdays and Sundays. */
  readonly holidays: readonly string[];
}

export type ExclusionReason =
  | "excluded"
  | "type_not_allowed"
  | "no_capability"
  | "not_pickup_location"
  | "cross_border"
  | "no_capacity"
  | "out_of_range"
  | "no_stock"
  | "store_protection"
  | "beyond_prefilter";

export interface ExcludedLocation {
  readonly locationId: string;
  readonly reason: ExclusionReason;
}

export interface CostBreakdown {
  readonly shipping: number;
  readonly handling: number;
  readonly splitPenalty: number;
  readonly latePenalty: number;
  readonly total: number;
}

export interface Allocation {
  /** Index into `request.lines`. */
  readonly lineIndex: number;
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
}

export interface PlannedPackage {
  readonly locationId: string;
  readonly weightGrams: number;
  readonly distanceKm: number;
  readonly zone: string;
  /** Local calendar date the package leaves (or is ready for pickup). */
  readonly shipDate: string;
  readonly deliveryDate: string;
  readonly lateDays: number;
  readonly cost: CostBreakdown;
}

export interface Unfulfilled {
  readonly lineIndex: number;
  readonly sku: string;
  readonly quantity: number;
}

export interface SourcingPlan {
  readonly allocations: readonly Allocation[];
  readonly packages: readonly PlannedPackage[];
  readonly packageCount: number;
  /** Lines (or parts of lines) no allowed location can serve; the caller backorders or rejects. */
  readonly unfulfilled: readonly Unfulfilled[];
  readonly unfulfilledUnits: number;
  readonly cost: CostBreakdown;
}

export interface CandidateSummary {
  readonly locationId: string;
  readonly type: LocationType;
  readonly distanceKm: number;
  readonly zone: string;
  /** Units of the order this location could serve on its own (after store protection). */
  readonly coverableUnits: number;
  /** Cost paid if it ships anything: base shipping + handling + late penalty. */
  readonly packageFixedCost: number;
  readonly deliveryDate: string;
}

export interface AlternativePlan {
  readonly name: "greedy" | "best_single_location";
  readonly locationIds: readonly string[];
  readonly cost: CostBreakdown;
  readonly packageCount: number;
  readonly unfulfilledUnits: number;
}

export interface SolverStats {
  readonly nodesExplored: number;
  readonly timeMs: number;
  /** True when the search finished: no plan over the considered candidates is cheaper. */
  readonly provenOptimal: boolean;
  readonly candidatesConsidered: number;
  /** Eligible locations (capable, in stock) left out by the geographic prefilter. */
  readonly droppedByPrefilter: number;
}

export interface SourcingDecision extends SourcingPlan {
  readonly explanation: {
    readonly candidates: readonly CandidateSummary[];
    readonly excluded: readonly ExcludedLocation[];
    readonly alternatives: readonly AlternativePlan[];
    readonly solver: SolverStats;
  };
}
