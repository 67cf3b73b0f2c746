import type { PurchaseOrderStatus, TransferStatus } from "../../domain/inbound.js";
/** Quantities per SKU × location. `available` is derived, never stored. */
export interface InventoryLevelsTable {
  sku: string;
  location_id: string;
  on_hand: number;
  committed: number;
  incoming: number;
  damaged: number;
  quality_control: number;
  safety_stock: number;
  reorder_point: number | null;
  reorder_quantity: number | null;
  /** Where pickers find it at the location (aisle-rack-shelf); pick lists are sorted by it. */
  bin: string | null;
  created_at: string;
  updated_at: string;
}

/** The append-only ledger: every level change is one row of deltas; levels are its sum. */
export interface InventoryMovementsTable {
  id: string;
  sku: string;
  location_id: string;
  type: string;
  d_on_hand: number;
  d_committed: number;
  d_incoming: number;
  d_damaged: number;
  d_quality_control: number;
  d_safety_stock: number;
  reason: string | null;
  note: string | null;
  reference_type: string | null;
  reference_id: string | null;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
}

export interface TransfersTable {
  id: string;
  origin_location_id: string;
  destination_location_id: string;
  status: TransferStatus;
  note: string | null;
  shipped_at: string | null;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransferLinesTable {
  transfer_id: string;
  sku: string;
  quantity: number;
  received_quantity: number;
}

export interface PurchaseOrdersTable {
  id: string;
  supplier: string;
  location_id: string;
  status: PurchaseOrderStatus;
  reference: string | null;
  expected_at: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  purchase_order_id: string;
  sku: string;
  quantity: number;
  received_quantity: number;
}

export interface InventoryTables {
  inventory_levels: InventoryLevelsTable;
  inventory_movements: InventoryMovementsTable;
  transfers: TransfersTable;
  transfer_lines: TransferLinesTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
}
