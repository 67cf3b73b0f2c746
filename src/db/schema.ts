// The whole database as Kysely sees it: each capability declares its tables beside its code.
import type { IdempotencyKeysTable } from "../http/idempotency-tables.js";
import type { AccessTables } from "../modules/access/tables.js";
import type { AnalyticsTables } from "../modules/analytics/tables.js";
import type { AuditTables } from "../modules/audit/tables.js";
import type { CaseTables } from "../modules/cases/tables.js";
import type { CatalogTables } from "../modules/catalog/tables.js";
import type { ChannelTables } from "../modules/channels/tables.js";
import type { CustomerTables } from "../modules/customers/tables.js";
import type { EventTables } from "../modules/events/tables.js";
import type { FeedbackTables } from "../modules/feedback/tables.js";
import type { ForecastingTables } from "../modules/forecasting/tables.js";
import type { FulfillmentTables } from "../modules/fulfillment/tables.js";
import type { InventoryTables } from "../modules/inventory/tables.js";
import type { LocationTables } from "../modules/locations/tables.js";
import type { NotificationTables } from "../modules/notifications/tables.js";
import type { OrderTables } from "../modules/orders/tables.js";
import type { PaymentTables } from "../modules/payments/tables.js";
import type { PromotionTables } from "../modules/promotions/tables.js";
import type { ReturnTables } from "../modules/returns/tables.js";
import type { SchedulingTables } from "../modules/scheduling/tables.js";
import type { ShippingTables } from "../modules/shipping/tables.js";
import type { SourcingTables } from "../modules/sourcing/tables.js";
import type { WebhookTables } from "../modules/webhooks/tables.js";

export interface DB
  extends AccessTables,
    AuditTables,
    EventTables,
    CatalogTables,
    LocationTables,
    ChannelTables,
    InventoryTables,
    CustomerTables,
    OrderTables,
    PromotionTables,
    WebhookTables,
    NotificationTables,
    SourcingTables,
    FulfillmentTables,
    ShippingTables,
    PaymentTables,
    ReturnTables,
    CaseTables,
    FeedbackTables,
    ForecastingTables,
    AnalyticsTables,
    SchedulingTables {
  idempotency_keys: IdempotencyKeysTable;
}
