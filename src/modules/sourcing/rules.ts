// Sourcing rules: stored per channel × fulfillment type; the most specific active one applies,
// laid over the defaults, and is translated into the engine's SourcingRules.

import { type Executor, inTransaction } from "../../db/transaction.js";
import { conflict, notFound, unprocessable } from "../../domain/errors.js";
import {
  DEFAULT_SOURCING_RULES,
  type FulfillmentCosts,
  type FulfillmentType,
  type SourcingRules,
} from "../../domain/sourcing/index.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { getChannel } from "../channels/index.js";
import { emitEvent } from "../events/index.js";
import type { CreateRuleInput, RuleSettings, UpdateRuleInput } from "./schemas.js";
import type { SourcingRulesTable } from "./tables.js";

export interface EffectiveSettings {
  allowed_location_types: Array<"warehouse" | "store" | "dropship">;
  location_priorities: Record<string, number>;
  max_splits: number;
  store_protection: { reserve_units: number; never_ship_last_unit: boolean; applies_to: FulfillmentType[] };
  cost_weights: {
    shipping: number;
    handling: number;
    split_penalty: number;
    late_penalty_per_package: number;
    late_penalty_per_day: number;
  };
  allow_cross_border: boolean;
  local_delivery_radius_km: number;
  pickup_prep_minutes: number;
  store_open_hour: number;
  store_close_hour: number;
  holidays: string[];
}

const D = DEFAULT_SOURCING_RULES;

export const DEFAULT_SETTINGS: EffectiveSettings = {
  allowed_location_types: [...D.allowedLocationTypes],
  location_priorities: {},
  max_splits: D.maxLocations,
  // Off until a merchant turns it on with a rule: a store's stock is sellable like any other
  // (the engine's own default protects the last unit; Ordo leaves that choice to the merchant).
  store_protection: {
    reserve_units: D.storeProtection.reserveUnits,
    never_ship_last_unit: false,
    applies_to: [...D.storeProtection.appliesTo],
  },
  cost_weights: {
    shipping: 1,
    handling: 1,
    split_penalty: D.splitPenalty,
    late_penalty_per_package: D.latePenaltyPerPackage,
    late_penalty_per_day: D.latePenaltyPerDay,
  },
  allow_cross_border: D.allowCrossBorder,
  local_delivery_radius_km: 40,
  pickup_prep_minutes: 120,
  store_open_hour: 9,
  store_close_hour: 21,
  holidays: [],
};

export function effectiveSettings(settings: RuleSettings | null): EffectiveSettings {
  const s = settings ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
    store_protection: { ...DEFAULT_SETTINGS.store_protection, ...stripUndefined(s.store_protection) },
    cost_weights: { ...DEFAULT_SETTINGS.cost_weights, ...stripUndefined(s.cost_weights) },
    location_priorities: { ...(s.location_priorities ?? {}) },
  } as EffectiveSettings;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return o ? (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>) : {};
}

function scaleCosts(costs: FulfillmentCosts, shipping: number, handling: number): FulfillmentCosts {
  return {
    zones: costs.zones.map((z) => ({
      ...z,
      baseCost: z.baseCost * shipping,
      perKgCost: z.perKgCost * shipping,
    })),
    handling: {
      warehouse: costs.handling.warehouse * handling,
      store: costs.handling.store * handling,
      dropship: costs.handling.dropship * handling,
    },
  };
}

/** Local delivery bands cut (or stretched) to the configured radius. */
function withRadius(costs: FulfillmentCosts, radiusKm: number): FulfillmentCosts {
  const zones = costs.zones.filter((z) => z.maxKm < radiusKm);
  const next = costs.zones.find((z) => z.maxKm >= radiusKm) ?? costs.zones[costs.zones.length - 1];
  if (next) zones.push({ ...next, maxKm: radiusKm });
  return { ...costs, zones };
}

/** The engine's rules for these settings; `excluded` locations are left out (re-sourcing). */
export function toEngineRules(s: EffectiveSettings, excluded: readonly string[] = []): SourcingRules {
  const { shipping, handling } = s.cost_weights;
  return {
    ...D,
    costs: {
      ship: scaleCosts(D.costs.ship, shipping, handling),
      local_delivery: withRadius(
        scaleCosts(D.costs.local_delivery, shipping, handling),
        s.local_delivery_radius_km,
      ),
      pickup: scaleCosts(D.costs.pickup, shipping, handling),
      digital: D.costs.digital,
    },
    splitPenalty: s.cost_weights.split_penalty,
    latePenaltyPerPackage: s.cost_weights.late_penalty_per_package,
    latePenaltyPerDay: s.cost_weights.late_penalty_per_day,
    maxLocations: s.max_splits,
    storeProtection: {
      reserveUnits: s.store_protection.reserve_units,
      neverShipLastUnit: s.store_protection.never_ship_last_unit,
      appliesTo: s.store_protection.applies_to,
    },
    allowedLocationTypes: s.allowed_location_types,
    excludedLocationIds: [...excluded],
    allowCrossBorder: s.allow_cross_border,
    holidays: s.holidays,
  };
}

// ---------------------------------------------------------------- storage and API

export interface SourcingRule {
  id: string;
  name: string;
  channel_id: string | null;
  fulfillment_type: FulfillmentType | null;
  settings: RuleSettings;
  active: boolean;
  created_at: string;
  updated_at: string;
}

function toRule(row: SourcingRulesTable): SourcingRule {
  return {
    id: row.id,
    name: row.name,
    channel_id: row.channel_id,
    fulfillment_type: row.fulfillment_type,
    settings: JSON.parse(row.settings) as RuleSettings,
    active: row.active === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const scopeOf = (channelId: string | null, type: string | null) => `${channelId ?? "*"}|${type ?? "*"}`;

function checkSettings(settings: RuleSettings): void {
  const open = settings.store_open_hour ?? DEFAULT_SETTINGS.store_open_hour;
  const close = settings.store_close_hour ?? DEFAULT_SETTINGS.store_close_hour;
  if (open >= close) {
    throw unprocessable("Stores must open before they close", [
      { path: "body.settings.store_close_hour", message: "Must be later than store_open_hour" },
    ]);
  }
}

export async function getRule(db: Executor, id: string): Promise<SourcingRule> {
  const row = await db.selectFrom("sourcing_rules").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Sourcing rule", id);
  return toRule(row);
}

export async function listRules(
  db: Executor,
  filter: { channel_id?: string | undefined },
  page: PageRequest,
) {
  let q = db.selectFrom("sourcing_rules").selectAll();
  if (filter.channel_id) q = q.where("channel_id", "=", filter.channel_id);
  const result = await keysetPage(q, "id", page, "asc");
  return { data: result.data.map(toRule), next_cursor: result.next_cursor };
}

export async function createRule(
  db: Executor,
  ctx: RequestContext,
  input: CreateRuleInput,
): Promise<SourcingRule> {
  checkSettings(input.settings);
  return inTransaction(db, async (tx) => {
    let channelId: string | null = null;
    if (input.channel_id) {
      try {
        channelId = (await getChannel(tx, input.channel_id)).id;
      } catch {
        throw unprocessable(`Channel ${input.channel_id} does not exist`, [
          { path: "body.channel_id", message: "Unknown channel" },
        ]);
      }
    }
    const type = input.fulfillment_type ?? null;
    const scope = scopeOf(channelId, type);
    const taken = await tx
      .selectFrom("sourcing_rules")
      .select("id")
      .where("scope", "=", scope)
      .executeTakeFirst();
    if (taken) {
      throw conflict(
        `A sourcing rule for ${channelId ?? "every channel"} and ${type ?? "every fulfillment type"} exists`,
        {
          existing_id: taken.id,
        },
      );
    }
    const now = nowIso();
    const row: SourcingRulesTable = {
      id: newId("sourcingRule"),
      name: input.name,
      channel_id: channelId,
      fulfillment_type: type,
      scope,
      settings: JSON.stringify(input.settings),
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("sourcing_rules").values(row).execute();
    const rule = toRule(row);
    await recordAudit(tx, ctx, {
      action: "sourcing_rule.created",
      resourceType: "sourcing_rule",
      resourceId: row.id,
      data: rule,
    });
    await emitEvent(tx, ctx, {
      type: "sourcing_rule.created",
      resourceType: "sourcing_rule",
      resourceId: row.id,
      data: rule,
    });
    return rule;
  });
}

export async function updateRule(
  db: Executor,
  ctx: RequestContext,
  id: string,
  patch: UpdateRuleInput,
): Promise<SourcingRule> {
  if (patch.settings) checkSettings(patch.settings);
  return inTransaction(db, async (tx) => {
    const current = await getRule(tx, id);
    await tx
      .updateTable("sourcing_rules")
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.settings !== undefined && { settings: JSON.stringify(patch.settings) }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_at: nowIso(),
      })
      .where("id", "=", current.id)
      .execute();
    const rule = await getRule(tx, id);
    await recordAudit(tx, ctx, {
      action: "sourcing_rule.updated",
      resourceType: "sourcing_rule",
      resourceId: id,
      data: { change: patch },
    });
    await emitEvent(tx, ctx, {
      type: "sourcing_rule.updated",
      resourceType: "sourcing_rule",
      resourceId: id,
      data: rule,
    });
    return rule;
  });
}

export async function deleteRule(db: Executor, ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const rule = await getRule(tx, id);
    await tx.deleteFrom("sourcing_rules").where("id", "=", id).execute();
    await recordAudit(tx, ctx, {
      action: "sourcing_rule.deleted",
      resourceType: "sourcing_rule",
      resourceId: id,
      data: rule,
    });
    await emitEvent(tx, ctx, {
      type: "sourcing_rule.deleted",
      resourceType: "sourcing_rule",
      resourceId: id,
      data: rule,
    });
  });
}

export interface ResolvedRule {
  rule_id: string | null;
  channel_id: string | null;
  fulfillment_type: FulfillmentType;
  settings: EffectiveSettings;
}

/** The most specific active rule (channel + type, channel, type, global) over the defaults. */
export async function resolveRule(
  db: Executor,
  channelId: string | null,
  type: FulfillmentType,
): Promise<ResolvedRule> {
  const scopes = [
    scopeOf(channelId, type),
    scopeOf(channelId, null),
    scopeOf(null, type),
    scopeOf(null, null),
  ];
  const rows = await db
    .selectFrom("sourcing_rules")
    .selectAll()
    .where("scope", "in", [...new Set(scopes)])
    .where("active", "=", 1)
    .execute();
  const best = scopes.map((s) => rows.find((r) => r.scope === s)).find((r) => r !== undefined);
  return {
    rule_id: best?.id ?? null,
    channel_id: channelId,
    fulfillment_type: type,
    settings: effectiveSettings(best ? (JSON.parse(best.settings) as RuleSettings) : null),
  };
}
