-- ship-package: POST /v1/shipments/:id/ship of a package holding the whole fulfillment order, its label bought: stock out, lines shipped, order changed, shipment.created
-- dialect: postgres

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = $n order by "l"."order_line_id", "l"."sku" for update of "f";

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "shipment_lines" where "shipment_id" in ($n) order by "order_line_id";

select * from "shipments" where "id" = $n;

select * from "shipping_labels" where "shipment_id" in ($n) order by "id";

select * from "tracking_events" where "shipment_id" in ($n) order by "happened_at", "id";

update "fulfillment_orders" set "fulfilled_at" = $n, "closed_at" = $n, "accepted_at" = $n, "status" = $n, "version" = $n, "updated_at" = $n where "id" = $n and "version" = $n;

select * from "variants" where "sku" in (…);

update "inventory_levels" set "updated_at" = $n, "on_hand" = "on_hand" + case "sku" when $n then cast($n as integer) when $n then cast($n as integer) when $n then cast($n as integer) else $n end, "committed" = "committed" + case "sku" when $n then cast($n as integer) when $n then cast($n as integer) when $n then cast($n as integer) else $n end where "location_id" = $n and "sku" in (…) and case "sku" when $n then ("on_hand" >= $n and "committed" >= $n) when $n then ("on_hand" >= $n and "committed" >= $n) when $n then ("on_hand" >= $n and "committed" >= $n) else false end returning *;

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "picked_quantity", "shortage_quantity") values (…), (…), (…) on conflict ("fulfillment_order_id", "order_line_id", "sku") do update set "fulfilled_quantity" = "excluded"."fulfilled_quantity", "picked_quantity" = "excluded"."picked_quantity";

select * from "order_allocations" where "order_id" = $n order by "line_id";

select * from "order_holds" where "order_id" = $n order by "id";

select * from "order_lines" where "order_id" = $n order by "id";

select * from "orders" where "id" = $n for update;

delete from "order_allocations" where "order_id" = $n;

insert into "order_versions" ("order_id", "version", "snapshot", "created_at") values (…);

update "orders" set "number" = $n, "channel_id" = $n, "external_ref" = $n, "email" = $n, "phone" = $n, "customer_id" = $n, "customer_name" = $n, "name_lc" = $n, "shipping_address" = $n, "billing_address" = $n, "currency" = $n, "subtotal" = $n, "discount_total" = $n, "shipping_total" = $n, "tax_total" = $n, "grand_total" = $n, "tax_rate_bps" = $n, "status" = $n, "open_holds" = $n, "requested_fulfillment" = $n, "pickup_location_id" = $n, "requested_delivery_date" = $n, "promo_code" = $n, "promo_rule" = $n, "location_scope" = $n, "notes" = $n, "tags" = $n, "version" = $n, "placed_at" = $n, "cancelled_at" = $n, "created_by" = $n, "created_at" = $n, "updated_at" = $n where "id" = $n;

insert into "order_lines" ("id", "order_id", "sku", "title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at", "product_title", "variant_title") values (…), (…), (…) on conflict ("id") do update set "order_id" = "excluded"."order_id", "sku" = "excluded"."sku", "title" = "excluded"."title", "quantity" = "excluded"."quantity", "pending" = "excluded"."pending", "committed" = "excluded"."committed", "backordered" = "excluded"."backordered", "shipped" = "excluded"."shipped", "delivered" = "excluded"."delivered", "returned" = "excluded"."returned", "cancelled" = "excluded"."cancelled", "preorder" = "excluded"."preorder", "unit_price" = "excluded"."unit_price", "price_override_reason" = "excluded"."price_override_reason", "subtotal" = "excluded"."subtotal", "discount" = "excluded"."discount", "tax" = "excluded"."tax", "total" = "excluded"."total", "location_id" = "excluded"."location_id", "created_at" = "excluded"."created_at", "updated_at" = "excluded"."updated_at", "product_title" = "excluded"."product_title", "variant_title" = "excluded"."variant_title";

update "shipments" set "shipped_at" = $n, "status" = $n, "version" = $n, "updated_at" = $n where "id" = $n and "version" = $n;

with "buffered_0" as (insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…)), "buffered_1" as (insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…), (…), (…), (…), (…)), "buffered_2" as (insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…), (…), (…)) insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);
