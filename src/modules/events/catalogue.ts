// Every event Ordo emits, with the schema of its `data`: emitters are typed by it, the outbox
// checks what it is given against it (in tests, and whenever ORDO_CHECK_EVENTS=true), webhook
// subscriptions are checked against it and `GET /v1/event_types` documents it for integrators.
import { z } from "zod";
import { caseMessageSchema, caseSchema } from "../cases/schemas.js";
import { priceListSchema } from "../catalog/price-list-schemas.js";
import { productSchema } from "../catalog/schemas.js";
import { channelSchema } from "../channels/schemas.js";
import { feedbackAnsweredSchema, feedbackRequestedSchema } from "../feedback/schemas.js";
import { fulfillmentOrderSchema } from "../fulfillment/schemas.js";
import { levelSchema, purchaseOrderSchema, transferSchema } from "../inventory/schemas.js";
import { locationSchema } from "../locations/schemas.js";
import { brandingSchema } from "../notifications/schemas.js";
import { orderSchema } from "../orders/schemas.js";
import { paymentEventSchema } from "../payments/schemas.js";
import { returnEventSchema } from "../returns/schemas.js";
import { shipmentSchema } from "../shipping/schemas.js";
import { sourcingRuleSchema } from "../sourcing/schemas.js";
import { endpointSchema } from "../webhooks/schemas.js";

interface EventSpec {
  /** The `resource.type` of the event: what `resource.id` names. */
  resource: string;
  summary: string;
  data: z.ZodType;
}

const order = (summary: string): EventSpec => ({ resource: "order", summary, data: orderSchema });
const fulfillmentOrder = (summary: string): EventSpec => ({
  resource: "fulfillment_order",
  summary,
  data: fulfillmentOrderSchema,
});
const of =
  (resource: string, data: z.ZodType) =>
  (summary: string): EventSpec => ({ resource, summary, data });
const product = of(
  "product",
  z.union([
    productSchema,
    z
      .object({
        id: z.string(),
        handle: z.string(),
        skus: z.array(z.string()),
        source: z.literal("import"),
        import_id: z.string(),
      })
      .describe("A product a catalog import created or changed: fetch it for the details"),
  ]),
);
const shipment = of(
  "shipment",
  shipmentSchema.extend({
    order: z.object({
      id: z.string(),
      number: z.number().int(),
      email: z.string(),
      customer_name: z.string().nullable(),
    }),
  }),
);
const priceList = of("price_list", priceListSchema);
const supportCase = of("case", caseSchema);
const payment = of("payment", paymentEventSchema);
const returnEvent = of("return", returnEventSchema);
const location = of("location", locationSchema);
const channel = of("channel", channelSchema);
const sourcingRule = of("sourcing_rule", sourcingRuleSchema);
const webhookEndpoint = of("webhook_endpoint", endpointSchema);
const transfer = of("transfer", transferSchema);
const purchaseOrder = of("purchase_order", purchaseOrderSchema);

export const EVENT_CATALOGUE = {
  "order.created": order("An order was placed (or a draft was placed)"),
  "order.draft_created": order("A draft order was saved; it commits no stock until placed"),
  "order.updated": order("An order changed: lines, quantities, allocations, fulfillment, edits"),
  "order.held": order("An order was put on hold (fraud, payment, address, manual…)"),
  "order.released": order("A hold on an order was released"),
  "order.cancelled": order("An order was cancelled in full"),
  "order.partially_shipped": order("Some of an order's units left their locations"),
  "order.shipped": order("Every unit of an order that was not cancelled left its location"),
  "order.delivered": order("An order was delivered"),
  "order.resourced": {
    resource: "order",
    summary: "Lines of an order moved to other locations (or the backorder) after a rejection or shortage",
    data: z.object({
      order_id: z.string(),
      from_fulfillment_order_id: z.string(),
      from_location_id: z.string().nullable(),
      trigger: z.string(),
      reason: z.string(),
      fulfillment_order_ids: z.array(z.string()),
      backordered: z.array(
        z.object({ order_line_id: z.string(), sku: z.string(), quantity: z.number().int() }),
      ),
      excluded_location_ids: z.array(z.string()),
      explanation: z.array(z.object({ location_id: z.string(), reason: z.string(), detail: z.string() })),
    }),
  },
  "fulfillment_order.created": fulfillmentOrder("A location was given work for an order"),
  "fulfillment_order.updated": fulfillmentOrder("A fulfillment order changed (lines moved, quantities)"),
  "fulfillment_order.accepted": fulfillmentOrder("The location accepted the work"),
  "fulfillment_order.in_progress": fulfillmentOrder("The location started picking"),
  "fulfillment_order.fulfilled": fulfillmentOrder("The location shipped (or handed over) everything"),
  "fulfillment_order.rejected": fulfillmentOrder("The location rejected the work; it was re-sourced"),
  "fulfillment_order.cancelled": fulfillmentOrder("The work was cancelled; its stock was released"),
  "fulfillment_order.shortage_reported": fulfillmentOrder(
    "The location is short of units; they were re-sourced",
  ),
  "shipment.packed": shipment("Units of a fulfillment order were packed into a package"),
  "shipment.unpacked": shipment("A package was taken apart before it shipped; its units are to pack again"),
  "shipment.label_purchased": shipment("A shipping label (and tracking number) was bought for a package"),
  "shipment.label_voided": shipment("A package's unused label was voided; a new one can be bought"),
  "shipment.created": shipment(
    "A package left its location with its tracking number (Shopify: fulfillment created)",
  ),
  "shipment.ready_for_pickup": shipment("A pickup order is waiting at the counter"),
  "shipment.picked_up": shipment("The customer collected a pickup order (verified hand-over)"),
  "shipment.confirmed": shipment("The carrier confirmed it has the package"),
  "shipment.in_transit": shipment("The package is on its way"),
  "shipment.out_for_delivery": shipment("The package is out for delivery today"),
  "shipment.attempted_delivery": shipment("The carrier tried to deliver and could not"),
  "shipment.delayed": shipment("The carrier reports a delay; the ETA moved"),
  "shipment.delivered": shipment("The carrier delivered the package"),
  "shipment.failure": shipment("The carrier could not deliver the package (returned, lost, refused)"),
  "payment.authorized": payment("The provider authorized a payment; the order's payment hold is released"),
  "payment.declined": payment("The provider declined a payment's authorization; the order stays on hold"),
  "payment.captured": payment("Money was captured (a package shipped, or by hand)"),
  "payment.capture_failed": payment("The provider refused a capture"),
  "payment.refunded": payment("Money went back to the customer"),
  "payment.refund_failed": payment("The provider refused a refund"),
  "payment.voided": payment("What was left of an authorization was released"),
  "payment.void_failed": payment("The provider refused to release an authorization"),
  "return.requested": returnEvent(
    "A return was asked for (portal, console or API); it waits for approval if the policy says so",
  ),
  "return.updated": returnEvent(
    "A return's receiving location, refund method or note changed before it arrived",
  ),
  "return.approved": returnEvent("A return was approved (by an agent, or at once by the policy)"),
  "return.rejected": returnEvent("A return was rejected"),
  "return.cancelled": returnEvent("A return was cancelled before it arrived"),
  "return.label_purchased": returnEvent("A return label was bought; `label_url` opens it without signing in"),
  "return.received": returnEvent("A return arrived and was inspected; `amount` is the refund it earned"),
  "return.refunded": returnEvent("A received return was refunded (original payment or store credit)"),
  "refund.issued": returnEvent("Money went back to a customer for a return; `amount` says how much"),
  "inventory.level_changed": {
    resource: "inventory_level",
    summary: "Stock of a SKU at a location changed (`resource.id` is `location_id:sku`)",
    data: levelSchema.extend({
      movement: z.object({ id: z.string(), type: z.string(), reason: z.string().nullable() }),
    }),
  },
  "inventory.low_stock": {
    resource: "inventory_level",
    summary: "Available stock fell to or below the reorder point",
    data: levelSchema,
  },
  "transfer.created": transfer("A transfer between locations was drafted"),
  "transfer.shipped": transfer("A transfer left its origin; its stock is incoming at the destination"),
  "transfer.partially_received": transfer("Part of a transfer arrived"),
  "transfer.received": transfer("A transfer arrived in full (or was closed short)"),
  "transfer.cancelled": transfer("A draft transfer was cancelled"),
  "purchase_order.created": purchaseOrder("Stock was ordered from a supplier"),
  "purchase_order.partially_received": purchaseOrder("Part of a purchase order arrived"),
  "purchase_order.received": purchaseOrder("A purchase order arrived in full"),
  "purchase_order.closed": purchaseOrder("A purchase order was closed with units outstanding"),
  "purchase_order.cancelled": purchaseOrder("A purchase order was cancelled before anything arrived"),
  "product.created": product("A product was created"),
  "product.updated": product("A product or one of its variants changed"),
  "product.deleted": {
    resource: "product",
    summary: "A product was deleted (or archived, when orders still refer to it)",
    data: z.object({ id: z.string(), skus: z.array(z.string()) }),
  },
  "price_list.created": priceList("A price list was created"),
  "price_list.updated": priceList("A price list was renamed or changed currency"),
  "price_list.prices_changed": {
    resource: "price_list",
    summary: "Prices in a price list were set or removed (up to 1000 SKUs listed)",
    data: z.object({
      price_list_id: z.string(),
      code: z.string(),
      skus: z.array(z.string()),
      prices: z.array(z.unknown()),
    }),
  },
  "location.created": location("A location was created"),
  "location.updated": location("A location changed"),
  "channel.created": channel("A sales channel was created"),
  "channel.updated": channel("A sales channel changed"),
  "sourcing_rule.created": sourcingRule("A sourcing rule was created"),
  "sourcing_rule.updated": sourcingRule("A sourcing rule changed"),
  "sourcing_rule.deleted": sourcingRule("A sourcing rule was deleted"),
  "webhook_endpoint.created": webhookEndpoint("A webhook endpoint was created"),
  "webhook_endpoint.updated": webhookEndpoint("A webhook endpoint changed"),
  "webhook_endpoint.deleted": webhookEndpoint("A webhook endpoint was deleted"),
  "webhook_endpoint.disabled": webhookEndpoint("A webhook endpoint was switched off after failing too often"),
  "settings.updated": {
    resource: "settings",
    summary: "The merchant's settings changed",
    data: brandingSchema,
  },
  "case.opened": supportCase(
    "A customer-service case was opened (console, API, portal, or a delivery exception)",
  ),
  "case.updated": supportCase("A case changed: status, assignee, priority and SLA targets, type, subject"),
  "case.message_added": of(
    "case",
    caseSchema.extend({ message: caseMessageSchema }),
  )("A message was added to a case: a reply, an internal note, or the customer's message"),
  "case.resolved": supportCase("A case was resolved"),
  "case.closed": supportCase("A resolved case was closed"),
  "feedback.requested": of(
    "feedback_request",
    feedbackRequestedSchema,
  )("A delivered order's feedback survey is due: the customer is e-mailed its link"),
  "feedback.answered": of(
    "feedback_request",
    feedbackAnsweredSchema,
  )("A customer answered a feedback survey (score 1–5 and an optional comment)"),
} satisfies Record<string, EventSpec>;

export type EventType = keyof typeof EVENT_CATALOGUE;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/** Sent by `POST /v1/webhook_endpoints/:id/test` only; never stored in the outbox. */
export const TEST_EVENT_TYPE = "webhook.test";

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}

/** Why `data` is not what the catalogue promises for `type`, or null when it is. */
export function eventDataProblem(type: EventType, data: unknown): string | null {
  const result = EVENT_CATALOGUE[type].data.safeParse(data);
  if (result.success) return null;
  return result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(data)"}: ${i.message}`)
    .join("; ");
}

/** The catalogue as integrators read it: each type, its resource, and its data as JSON Schema. */
export function eventTypeDocs() {
  return EVENT_TYPES.map((type) => {
    const spec: EventSpec = EVENT_CATALOGUE[type];
    return {
      type,
      resource: spec.resource,
      summary: spec.summary,
      data_schema: z.toJSONSchema(spec.data, { unrepresentable: "any", io: "output" }) as Record<
        string,
        unknown
      >,
    };
  });
}
