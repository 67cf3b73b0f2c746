-- capture-paid-order: POST /v1/orders with 3 lines and a card: as capture-order, plus the payment hold, the payment and its authorization request
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

insert into "idempotency_keys" ("scope", "key", "fingerprint", "status", "response_status", "response_body", "created_at") values (…) on conflict ("scope", "key") do nothing;

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = $n order by "channel_locations"."location_id";

select "region", "rate_bps" from "tax_rates" where "country" = $n and "region" in (…);

select "sku", "min_quantity", "amount" from "prices" where "price_list_id" = $n and "sku" in (…) and ("valid_from" is null or "valid_from" <= $n) and ("valid_to" is null or "valid_to" > $n) order by "min_quantity" desc;

select "variants".*, "products"."title" as "product_title" from "variants" inner join "products" on "products"."id" = "variants"."product_id" where "variants"."sku" in (…);

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";

select * from "locations" where "id" in (…);

select * from "sourcing_rules" where "scope" in (…) and "active" = $n;

insert into "orders" ("id", "number", "channel_id", "external_ref", "email", "phone", "customer_id", "customer_name", "name_lc", "shipping_address", "billing_address", "currency", "subtotal", "discount_total", "shipping_total", "tax_total", "grand_total", "tax_rate_bps", "status", "open_holds", "requested_fulfillment", "pickup_location_id", "requested_delivery_date", "promo_code", "promo_rule", "location_scope", "notes", "tags", "version", "placed_at", "cancelled_at", "created_by", "created_at", "updated_at") values ($n, nextval('order_number_seq'), …) on conflict ("channel_id", "external_ref") do nothing returning "number";

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and on_hand - committed - damaged - quality_control - safety_stock >= $n returning *;

with "buffered_0" as (insert into "sourcing_decisions" ("id", "order_id", "trigger", "fulfillment_type", "rule_id", "request", "decision", "solver_ms", "created_at") values (…)), "buffered_1" as (insert into "fulfillment_orders" ("id", "order_id", "location_id", "fulfillment_type", "status", "promised_ship_date", "promised_delivery_date", "sourcing_decision_id", "reason", "version", "accepted_at", "fulfilled_at", "closed_at", "created_at", "updated_at") values (…)), "buffered_2" as (insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "shortage_quantity", "picked_quantity") values (…), (…), (…)), "buffered_3" as (insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…), (…)), "buffered_4" as (insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…), (…), (…), (…)), "buffered_5" as (insert into "order_lines" ("id", "order_id", "sku", "title", "product_title", "variant_title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at") values (…), (…), (…)), "buffered_6" as (insert into "order_allocations" ("line_id", "location_id", "order_id", "sku", "quantity") values (…), (…), (…)), "buffered_7" as (insert into "order_holds" ("id", "order_id", "type", "reason", "source", "placed_by", "placed_at", "released_at", "released_by", "release_reason") values (…)), "buffered_8" as (insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…), (…)), "buffered_9" as (insert into "payments" ("id", "order_id", "provider", "token", "display", "currency", "psp_reference", "hold_id", "created_by", "created_at", "updated_at") values (…)), "buffered_10" as (insert into "payment_transactions" ("id", "payment_id", "order_id", "kind", "state", "amount", "currency", "answers", "idempotency_key", "psp_reference", "reference_type", "reference_id", "reason", "failure_code", "actor_type", "actor_id", "created_at", "next_attempt_at", "attempts") values (…)) insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

update "idempotency_keys" set "status" = $n, "response_status" = $n, "response_body" = $n where "scope" = $n and "key" = $n;
