// Every shape the app shows or sends, inferred from the server's Zod schemas (type-only imports:
// nothing of the server ends up in the bundle). `Out` is what the API answers, `In` what it accepts.

import type { Permission } from "@ordo/domain/permissions.js";
import type { PageRequest } from "@ordo/http/pagination.js";
import type * as access from "@ordo/modules/access/schemas.js";
import type { listAuditEvents } from "@ordo/modules/audit/service.js";
import type * as cases from "@ordo/modules/cases/schemas.js";
import type * as priceLists from "@ordo/modules/catalog/price-list-schemas.js";
import type * as catalog from "@ordo/modules/catalog/schemas.js";
import type * as channels from "@ordo/modules/channels/schemas.js";
import type * as customers from "@ordo/modules/customers/schemas.js";
import type * as dashboard from "@ordo/modules/dashboard/schemas.js";
import type * as events from "@ordo/modules/events/schemas.js";
import type * as fulfillment from "@ordo/modules/fulfillment/schemas.js";
import type * as inventory from "@ordo/modules/inventory/schemas.js";
import type * as locations from "@ordo/modules/locations/schemas.js";
import type * as notifications from "@ordo/modules/notifications/schemas.js";
import type * as orders from "@ordo/modules/orders/schemas.js";
import type * as payments from "@ordo/modules/payments/schemas.js";
import type * as portal from "@ordo/modules/portal/schemas.js";
import type * as returns from "@ordo/modules/returns/schemas.js";
import type * as shipping from "@ordo/modules/shipping/schemas.js";
import type * as webhooks from "@ordo/modules/webhooks/schemas.js";
import type { z } from "zod";

type Out<T extends z.ZodType> = z.output<T>;
type In<T extends z.ZodType> = z.input<T>;

export type { PageRequest, Permission };
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type Me = Out<typeof access.meSchema>;
export type Session = Out<typeof access.sessionSchema>;
export type User = Out<typeof access.userSchema>;
export type Role = Out<typeof access.roleSchema>;
export type CreateUser = In<typeof access.createUserBody>;
export type UpdateUser = In<typeof access.updateUserBody>;
export type ApiKey = Out<typeof access.apiKeySchema>;
export type CreateApiKey = In<typeof access.createApiKeyBody>;
export type CreatedApiKey = Out<typeof access.createdApiKeySchema>;
export type Scope = Out<typeof access.scopeSchema>;
/** The audit module keeps its response schema private; its service's row type is the same shape. */
export type AuditEvent = Awaited<ReturnType<typeof listAuditEvents>>["data"][number];

export type Dashboard = Out<typeof dashboard.dashboardSchema>;
export type TrackingLookup = In<typeof portal.trackingLookupBody>;
export type TrackingView = Out<typeof portal.trackingViewSchema>;

export type Order = Out<typeof orders.orderSchema>;
export type OrderSummary = Out<typeof orders.orderSummarySchema>;
export type OrderLine = Order["lines"][number];
export type OrderHold = Out<typeof orders.holdSchema>;
export type OrderStatus = Order["status"];
export type HoldType = In<typeof orders.holdBody>["type"];
export type OrderListQuery = In<typeof orders.orderListQuery>;
export type CreateOrder = In<typeof orders.createOrderBody>;
export type EditOrder = In<typeof orders.editOrderBody>;
export type CancelOrder = In<typeof orders.cancelOrderBody>;
export type PlaceHold = In<typeof orders.holdBody>;
export type TimelineEntry = Out<typeof orders.timelineEntrySchema>;
export type Address = Out<typeof customers.addressSchema>;
export type AddressInput = In<typeof customers.addressBody>;

export type InventoryLevel = Out<typeof inventory.levelSchema>;
export type InventoryMovement = Out<typeof inventory.movementSchema>;
export type InventoryAlert = Out<typeof inventory.alertSchema>;
export type MovementType = NonNullable<In<typeof inventory.movementQuery>["type"]>;
export type Adjustment = In<typeof inventory.adjustmentBody>;
export type AdjustmentReason = Adjustment["reason"];
export type InventoryChange = Out<typeof inventory.changeResultSchema>;
export type Count = In<typeof inventory.countBody>;
export type CountResult = Out<typeof inventory.countResultSchema>;
export type Transfer = Out<typeof inventory.transferSchema>;
export type CreateTransfer = In<typeof inventory.transferBody>;
export type Receive = In<typeof inventory.receiveBody>;
export type PurchaseOrder = Out<typeof inventory.purchaseOrderSchema>;
export type CreatePurchaseOrder = In<typeof inventory.purchaseOrderBody>;

export type Product = Out<typeof catalog.productSchema>;
export type Variant = Out<typeof catalog.variantSchema>;
export type Channel = Out<typeof channels.channelSchema>;
export type CreateChannel = In<typeof channels.createChannelBody>;
export type PriceList = Out<typeof priceLists.priceListSchema>;
export type Location = Out<typeof locations.locationSchema>;
export type CreateLocation = In<typeof locations.createLocationBody>;
export type OrdoEvent = Out<typeof events.eventSchema>;
export type WebhookEndpoint = Out<typeof webhooks.endpointSchema>;
export type CreatedWebhookEndpoint = Out<typeof webhooks.createdEndpointSchema>;
export type CreateWebhookEndpoint = In<typeof webhooks.createEndpointBody>;
export type WebhookDelivery = Out<typeof webhooks.deliverySchema>;
export type WebhookDeliveryDetail = Out<typeof webhooks.deliveryDetailSchema>;
export type Notification = Out<typeof notifications.notificationSchema>;
export type FulfillmentOrder = Out<typeof fulfillment.fulfillmentOrderSchema>;
export type Availability = Out<typeof inventory.availabilitySchema>;
export type FulfillmentOrderLine = FulfillmentOrder["lines"][number];
export type FulfillmentOrderStatus = FulfillmentOrder["status"];
export type ScanResult = Out<typeof fulfillment.scanResultSchema>;

export type PackageType = Out<typeof shipping.packageTypeSchema>;
export type Shipment = Out<typeof shipping.shipmentSchema>;
export type ShipmentAction = Shipment["allowed_actions"][number];
export type PackInput = In<typeof shipping.packBody>;
export type PackageSuggestion = Out<typeof shipping.suggestionSchema>;
export type ShippingRate = Out<typeof shipping.rateSchema>;
export type ShipmentException = Out<typeof shipping.exceptionSchema>;
export type PickList = Out<typeof shipping.pickListSchema>;
export type PublicTracking = Out<typeof shipping.publicTrackingSchema>;

export type Case = Out<typeof cases.caseSchema>;
export type CaseDetail = Out<typeof cases.caseDetailSchema>;
export type CaseMessage = Out<typeof cases.caseMessageSchema>;
export type CaseSla = Out<typeof cases.caseSlaSchema>;
export type CaseStatus = Case["status"];
export type CaseType = Case["type"];
export type CasePriority = Case["priority"];
export type CaseAction = Case["allowed_actions"][number];
export type CreateCase = In<typeof cases.createCaseBody>;
export type CaseListQuery = In<typeof cases.caseListQuery>;
export type PortalCase = Out<typeof cases.portalCaseSchema>;
export type PortalCreateCase = In<typeof cases.portalCreateBody>;

export type OrderPayments = Out<typeof payments.orderPaymentsSchema>;
export type Payment = Out<typeof payments.paymentSchema>;
export type PaymentTransaction = Out<typeof payments.transactionSchema>;
export type PaymentStatus = OrderPayments["payment_status"];
export type AddPayment = In<typeof payments.addPaymentBody>;
export type RefundPayment = In<typeof payments.refundBody>;

export type Return = Out<typeof returns.returnSchema>;
export type ReturnStatus = Return["status"];
export type ReturnLine = Return["lines"][number];
export type RefundBreakdown = NonNullable<Return["refund_breakdown"]>;
export type Disposition = NonNullable<ReturnLine["disposition"]>;
export type RefundMethod = Return["refund_method"];
export type ReturnPolicy = Out<typeof returns.returnPolicySchema>;
export type ReturnReason = Out<typeof returns.returnReasonSchema>;
export type ReturnListQuery = In<typeof returns.returnListQuery>;
export type CreateReturn = In<typeof returns.createReturnBody>;
export type ReceiveReturn = In<typeof returns.receiveBody>;
export type PortalReturns = Out<typeof returns.portalReturnsSchema>;
export type PortalReturn = Out<typeof returns.portalReturnSchema>;
export type PortalStartReturn = In<typeof returns.portalReturnBody>;
