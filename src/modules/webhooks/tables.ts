export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of patterns: `order.created`, `order.*`, `*`. */
  event_types: string;
  secret: string;
  /** The secret before the last rotation, still signing beside `secret` until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  status: "enabled" | "disabled";
  disabled_reason: string | null;
  /** When the current run of failures began; null after a success. */
  failing_since: string | null;
  consecutive_failures: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  /** Also the `webhook-id` header: the same on every attempt of this delivery. */
  id: string;
  endpoint_id: string;
  /** Null for a test ping. */
  event_id: string | null;
  event_type: string;
  /** `resource_type:resource_id`; deliveries of one resource to one endpoint go in event order. */
  resource_key: string;
  /** The body of a ping; event deliveries are built from the event. */
  payload: string | null;
  status: "pending" | "succeeded" | "dead";
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_response_ms: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: string;
  response_status: number | null;
  duration_ms: number;
  error: string | null;
  process_id: string;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
}
