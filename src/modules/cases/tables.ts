import type { CasePriority, CaseSource, CaseStatus, CaseType } from "../../domain/cases.js";

/** A customer-service case, usually about an order (Zendesk: a ticket). */
export interface CasesTable {
  id: string;
  /** The human number: CS-1042. */
  number: number;
  order_id: string | null;
  /** The order's human number, kept with the case so lists need not read orders. */
  order_number: number | null;
  /** JSON array of order line ids the case is about (may be empty). */
  order_line_ids: string;
  /** The package a delivery exception opened it for. */
  shipment_id: string | null;
  /** Set for cases Ordo opens itself, so one cause opens one case (`delivery_exception:<shipment>`). */
  dedupe_key: string | null;
  type: CaseType;
  subject: string;
  status: CaseStatus;
  priority: CasePriority;
  customer_email: string;
  customer_name: string | null;
  /** A staff user's id. */
  assignee_id: string | null;
  assignee_name: string | null;
  source: CaseSource;
  first_response_due_at: string;
  resolution_due_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  /** When the resolution clock stopped (awaiting the customer, resolved), while it is stopped. */
  sla_paused_at: string | null;
  /** Milliseconds the resolution clock was stopped before, already added to resolution_due_at. */
  sla_paused_ms: number;
  last_message_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseMessagesTable {
  id: string;
  case_id: string;
  author_type: "staff" | "customer" | "system";
  /** The user or API key that wrote it; null for the customer and Ordo itself. */
  author_id: string | null;
  author_name: string;
  /** Internal notes are for staff only: never shown to the customer. */
  visibility: "public" | "internal";
  body: string;
  created_at: string;
}

export interface CaseTables {
  cases: CasesTable;
  case_messages: CaseMessagesTable;
}
