import { z } from "zod";
import {
  PURCHASE_ORDER_STATUSES,
  purchaseOrderMachine,
  TRANSFER_STATUSES,
  transferMachine,
} from "../../domain/inbound.js";
import { ADJUSTMENT_REASONS, MOVEMENT_TYPES, QUANTITY_STATES } from "../../domain/inventory.js";
import { pageQuerySchema } from "../../http/pagination.js";
import { isoDateTime, text } from "../../http/schemas.js";

const MAX_QTY = 1_000_000_000;

const sku = z.string().trim().min(1).max(100);
const locationId = z.string().trim().min(1).max(64);
/** A whole number of units, at least 1. */
const quantity = z.number().int("Must be a whole number").min(1, "Must be at least 1").max(MAX_QTY);
/** A whole number of units, zero allowed. */
const count = z.number().int("Must be a whole number").min(0, "Must not be negative").max(MAX_QTY);
const reference = z.strictObject({
  type: text(50).pipe(z.string().min(1)),
  id: text(100).pipe(z.string().min(1)),
});

export const levelSchema = z
  .object({
    sku: z.string(),
    location_id: z.string(),
    on_hand: z.number().int(),
    committed: z.number().int(),
    available: z.number().int(),
    incoming: z.number().int(),
    unavailable: z.number().int(),
    damaged: z.number().int(),
    quality_control: z.number().int(),
    safety_stock: z.number().int(),
    reorder_point: z.number().int().nullable(),
    reorder_quantity: z.number().int().nullable(),
    bin: z.string().nullable().describe("Where pickers find it (aisle-rack-shelf)"),
    updated_at: z.string(),
  })
  .meta({ id: "InventoryLevel" });

export const movementSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    location_id: z.string(),
    type: z.string(),
    deltas: z.object({
      on_hand: z.number().int(),
      committed: z.number().int(),
      incoming: z.number().int(),
      damaged: z.number().int(),
      quality_control: z.number().int(),
      safety_stock: z.number().int(),
      available: z.number().int(),
    }),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    reference: z.object({ type: z.string(), id: z.string() }).nullable(),
    actor: z.object({ type: z.string(), id: z.string().nullable() }),
    request_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "InventoryMovement" });

export const levelQuery = pageQuerySchema.extend({
  sku: sku.optional(),
  location_id: locationId.optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const levelFilterQuery = pageQuerySchema.extend({
  sku: sku.optional(),
  location_id: locationId.optional(),
});

export const movementQuery = pageQuerySchema.extend({
  sku: sku.optional(),
  location_id: locationId.optional(),
  type: z.enum(MOVEMENT_TYPES).optional(),
  reference_type: z.string().max(50).optional(),
  reference_id: z.string().max(100).optional(),
});

// `?sku=a,b` or `?sku=a&sku=b`; bounded before splitting, so a huge query costs nothing.
const csvList = z.union([z.string().max(20_000), z.array(z.string().max(200)).max(500)]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean),
);

export const availabilityQuery = z.object({
  sku: csvList.pipe(z.array(sku).min(1, "Name at least one SKU").max(200)),
  channel: z.string().trim().min(1).max(64).optional(),
  location_id: csvList.pipe(z.array(locationId).max(500)).optional(),
});

export const availabilitySchema = z
  .object({
    channel: z.string().nullable(),
    data: z.array(
      z.object({
        sku: z.string(),
        is_kit: z.boolean(),
        track_inventory: z.boolean(),
        available: z.number().int(),
        on_hand: z.number().int(),
        committed: z.number().int(),
        incoming: z.number().int(),
        unavailable: z.number().int(),
        locations: z.array(z.object({ location_id: z.string(), available: z.number().int() })),
      }),
    ),
  })
  .meta({ id: "InventoryAvailability" });

export const adjustmentBody = z.strictObject({
  sku,
  location_id: locationId,
  delta: z
    .number()
    .int("Must be a whole number")
    .min(-MAX_QTY)
    .max(MAX_QTY)
    .refine((d) => d !== 0, "Must not be zero"),
  reason: z.enum(ADJUSTMENT_REASONS),
  note: text(500).optional(),
  reference: reference.optional(),
});

export const changeResultSchema = z
  .object({ movement: movementSchema, level: levelSchema })
  .meta({ id: "InventoryChange" });

export const countBody = z.strictObject({
  location_id: locationId,
  lines: z
    .array(z.strictObject({ sku, counted_quantity: count }))
    .min(1)
    .max(1000),
  note: text(500).optional(),
});

export const countResultSchema = z
  .object({
    location_id: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        previous_on_hand: z.number().int(),
        counted_quantity: z.number().int(),
        difference: z.number().int(),
        movement_id: z.string().nullable(),
        level: levelSchema,
      }),
    ),
  })
  .meta({ id: "InventoryCount" });

export const stateMoveBody = z.strictObject({
  sku,
  location_id: locationId,
  quantity,
  from: z.enum(QUANTITY_STATES),
  to: z.enum([...QUANTITY_STATES, "discarded"]),
  reason: text(50).optional(),
  note: text(500).optional(),
});

export const reorderPointBody = z.strictObject({
  sku,
  location_id: locationId,
  reorder_point: count.nullable(),
  reorder_quantity: quantity.nullable().optional(),
});

export const binBody = z.strictObject({
  sku,
  location_id: locationId,
  bin: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/, "letters, digits, space, . _ / - (at most 40)")
    .nullable(),
});

export const alertSchema = levelSchema
  .extend({ shortfall: z.number().int(), suggested_order_quantity: z.number().int() })
  .meta({ id: "InventoryAlert" });

export const verificationSchema = z
  .object({
    ok: z.boolean(),
    levels_checked: z.number().int(),
    movements_checked: z.number().int(),
    differences: z.array(
      z.object({
        sku: z.string(),
        location_id: z.string(),
        state: z.string(),
        stored: z.number().int(),
        ledger: z.number().int(),
      }),
    ),
    checked_at: z.string(),
  })
  .meta({ id: "InventoryVerification" });

// ---------------------------------------------------------------- transfers

const lines = z.array(z.strictObject({ sku, quantity })).min(1).max(1000);

export const transferBody = z.strictObject({
  origin_location_id: locationId,
  destination_location_id: locationId,
  lines,
  note: text(500).optional(),
});

export const receiveBody = z.strictObject({
  lines: z
    .array(z.strictObject({ sku, quantity: count }))
    .min(1)
    .max(1000),
  /** Nothing more will arrive: what is still outstanding stops showing as incoming. */
  close: z.boolean().default(false),
});

export const transferSchema = z
  .object({
    id: z.string(),
    origin_location_id: z.string(),
    destination_location_id: z.string(),
    status: z.enum(TRANSFER_STATUSES),
    allowed_actions: z
      .array(z.enum(Object.keys(transferMachine.transitions) as ["ship", "cancel", "receive"]))
      .describe("What can be done with the transfer now"),
    note: z.string().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        received_quantity: z.number().int(),
        outstanding_quantity: z.number().int(),
      }),
    ),
    shipped_at: z.string().nullable(),
    received_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Transfer" });

export const transferQuery = pageQuerySchema.extend({
  status: z.enum(TRANSFER_STATUSES).optional(),
  location_id: locationId.optional(),
});

// ---------------------------------------------------------------- purchase orders

export const purchaseOrderBody = z.strictObject({
  supplier: text(200).pipe(z.string().min(1)),
  location_id: locationId,
  lines,
  reference: text(100).optional(),
  expected_at: isoDateTime.optional(),
  note: text(500).optional(),
});

export const purchaseOrderSchema = z
  .object({
    id: z.string(),
    supplier: z.string(),
    location_id: z.string(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    allowed_actions: z
      .array(z.enum(Object.keys(purchaseOrderMachine.transitions) as ["receive", "close"]))
      .describe("What can be done with the purchase order now"),
    reference: z.string().nullable(),
    expected_at: z.string().nullable(),
    note: z.string().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        received_quantity: z.number().int(),
        outstanding_quantity: z.number().int(),
      }),
    ),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "PurchaseOrder" });

export const purchaseOrderQuery = pageQuerySchema.extend({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  location_id: locationId.optional(),
});

export const importResultSchema = z
  .object({ rows: z.number().int(), changed_levels: z.number().int(), movements: z.number().int() })
  .meta({ id: "InventoryImport" });
