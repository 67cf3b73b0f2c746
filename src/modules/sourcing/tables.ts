export interface SourcingRulesTable {
  id: string;
  name: string;
  /** Null: every channel. */
  channel_id: string | null;
  /** Null: every fulfillment type. */
  fulfillment_type: "ship" | "pickup" | "local_delivery" | "digital" | null;
  scope: string;
  /** JSON of RuleSettings (see the sourcing service). */
  settings: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** One run of the sourcing engine for an order: what it was asked and what it answered. */
export interface SourcingDecisionsTable {
  id: string;
  order_id: string;
  /** `capture`, `rejection`, `shortage`, … */
  trigger: string;
  fulfillment_type: string;
  rule_id: string | null;
  /** JSON: lines, destination, excluded locations. */
  request: string;
  /** JSON SourcingDecision. */
  decision: string;
  solver_ms: number;
  created_at: string;
}

export interface SourcingTables {
  sourcing_rules: SourcingRulesTable;
  sourcing_decisions: SourcingDecisionsTable;
}
