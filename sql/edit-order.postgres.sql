-- edit-order: POST /v1/orders/:id/edit changing one line's quantity: release, re-source, re-commit, new version
-- dialect: postgres

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = $n order by "channel_locations"."location_id";

select "code" from "channels" where ("id" = $n or "code" = $n);

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "order_allocations" where "order_id" = $n order by "line_id";

select * from "order_holds" where "order_id" = $n order by "id";

select * from "order_lines" where "order_id" = $n order by "id";

select * from "orders" where "id" = $n for update;

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = $n order by "l"."order_line_id", "l"."sku";

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = $n order by "l"."order_line_id", "l"."sku";

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = $n order by "l"."order_line_id", "l"."sku";

update "fulfillment_orders" set "reason" = $n, "closed_at" = $n, "status" = $n, "version" = $n, "updated_at" = $n where "id" = $n and "version" = $n;

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

delete from "order_allocations" where "order_id" = $n;

select "sku", "min_quantity", "amount" from "prices" where "price_list_id" = $n and "sku" in (…) and ("valid_from" is null or "valid_from" <= $n) and ("valid_to" is null or "valid_to" > $n) order by "min_quantity" desc;

select "variants".*, "products"."title" as "product_title" from "variants" inner join "products" on "products"."id" = "variants"."product_id" where "variants"."sku" in (…);

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";

select * from "locations" where "id" in (…);

select * from "sourcing_rules" where "scope" in (…) and "active" = $n;

insert into "sourcing_decisions" ("id", "order_id", "trigger", "fulfillment_type", "rule_id", "request", "decision", "solver_ms", "created_at") values (…);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and on_hand - committed - damaged - quality_control - safety_stock >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "fulfillment_orders" ("id", "order_id", "location_id", "fulfillment_type", "status", "promised_ship_date", "promised_delivery_date", "sourcing_decision_id", "reason", "version", "accepted_at", "fulfilled_at", "closed_at", "created_at", "updated_at") values (…);

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "shortage_quantity", "picked_quantity") values (…), (…), (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "order_allocations" ("line_id", "location_id", "order_id", "sku", "quantity") values (…), (…), (…);

insert into "order_versions" ("order_id", "version", "snapshot", "created_at") values (…);

update "orders" set "number" = $n, "channel_id" = $n, "external_ref" = $n, "email" = $n, "phone" = $n, "customer_id" = $n, "customer_name" = $n, "name_lc" = $n, "shipping_address" = $n, "billing_address" = $n, "currency" = $n, "subtotal" = $n, "discount_total" = $n, "shipping_total" = $n, "tax_total" = $n, "grand_total" = $n, "tax_rate_bps" = $n, "status" = $n, "open_holds" = $n, "requested_fulfillment" = $n, "pickup_location_id" = $n, "requested_delivery_date" = $n, "promo_code" = $n, "promo_rule" = $n, "location_scope" = $n, "notes" = $n, "tags" = $n, "version" = $n, "placed_at" = $n, "cancelled_at" = $n, "created_by" = $n, "created_at" = $n, "updated_at" = $n where "id" = $n;

insert into "order_lines" ("id", "order_id", "sku", "title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at", "product_title", "variant_title") values (…), (…), (…) on conflict ("id") do update set "order_id" = "excluded"."order_id", "sku" = "excluded"."sku", "title" = "excluded"."title", "quantity" = "excluded"."quantity", "pending" = "excluded"."pending", "committed" = "excluded"."committed", "backordered" = "excluded"."backordered", "shipped" = "excluded"."shipped", "delivered" = "excluded"."delivered", "returned" = "excluded"."returned", "cancelled" = "excluded"."cancelled", "preorder" = "excluded"."preorder", "unit_price" = "excluded"."unit_price", "price_override_reason" = "excluded"."price_override_reason", "subtotal" = "excluded"."subtotal", "discount" = "excluded"."discount", "tax" = "excluded"."tax", "total" = "excluded"."total", "location_id" = "excluded"."location_id", "created_at" = "excluded"."created_at", "updated_at" = "excluded"."updated_at", "product_title" = "excluded"."product_title", "variant_title" = "excluded"."variant_title";

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "id", "location_id", "status", "promised_delivery_date" from "fulfillment_orders" where "order_id" = $n order by "id";

select * from "order_facts" where "order_id" = $n;

update "order_facts" set "number" = $n, "channel_id" = $n, "country" = $n, "region" = $n, "placed_date" = $n, "placed_at" = $n, "currency" = $n, "grand_total" = $n, "lines" = $n, "units" = $n, "cancelled_units" = $n, "shipped_units" = $n, "backordered" = $n, "fo_count" = $n, "first_shipped_at" = $n, "last_shipped_at" = $n, "delivered_at" = $n, "promised_date" = $n, "on_time" = $n, "in_full" = $n, "returned_units" = $n, "damaged_units" = $n, "status" = $n, "status_since" = $n, "shard" = $n, "updated_at" = $n where "order_id" = $n;

insert into "kpi_daily" ("date", "channel_id", "country", "currency", "shard", "orders", "revenue", "units", "cancelled_units", "cancelled_orders", "backordered_orders", "split_orders", "shipped_orders", "finished_orders", "in_full_orders", "finished_units", "filled_units", "delivered_orders", "promised_delivered", "on_time_delivered", "otif_orders", "returned_orders", "perfect_orders", "ship_seconds_sum", "ship_count", "delivery_seconds_sum", "delivery_count") values (…) on conflict ("date", "channel_id", "country", "currency", "shard") do update set "orders" = "kpi_daily"."orders" + "excluded"."orders", "revenue" = "kpi_daily"."revenue" + "excluded"."revenue", "units" = "kpi_daily"."units" + "excluded"."units", "cancelled_units" = "kpi_daily"."cancelled_units" + "excluded"."cancelled_units", "cancelled_orders" = "kpi_daily"."cancelled_orders" + "excluded"."cancelled_orders", "backordered_orders" = "kpi_daily"."backordered_orders" + "excluded"."backordered_orders", "split_orders" = "kpi_daily"."split_orders" + "excluded"."split_orders", "shipped_orders" = "kpi_daily"."shipped_orders" + "excluded"."shipped_orders", "finished_orders" = "kpi_daily"."finished_orders" + "excluded"."finished_orders", "in_full_orders" = "kpi_daily"."in_full_orders" + "excluded"."in_full_orders", "finished_units" = "kpi_daily"."finished_units" + "excluded"."finished_units", "filled_units" = "kpi_daily"."filled_units" + "excluded"."filled_units", "delivered_orders" = "kpi_daily"."delivered_orders" + "excluded"."delivered_orders", "promised_delivered" = "kpi_daily"."promised_delivered" + "excluded"."promised_delivered", "on_time_delivered" = "kpi_daily"."on_time_delivered" + "excluded"."on_time_delivered", "otif_orders" = "kpi_daily"."otif_orders" + "excluded"."otif_orders", "returned_orders" = "kpi_daily"."returned_orders" + "excluded"."returned_orders", "perfect_orders" = "kpi_daily"."perfect_orders" + "excluded"."perfect_orders", "ship_seconds_sum" = "kpi_daily"."ship_seconds_sum" + "excluded"."ship_seconds_sum", "ship_count" = "kpi_daily"."ship_count" + "excluded"."ship_count", "delivery_seconds_sum" = "kpi_daily"."delivery_seconds_sum" + "excluded"."delivery_seconds_sum", "delivery_count" = "kpi_daily"."delivery_count" + "excluded"."delivery_count";

select "kit_sku" from "kit_components" where "component_sku" = $n;

select "order_lines"."id" as "line_id", "order_lines"."order_id", "order_lines"."sku", "order_lines"."preorder", "orders"."location_scope" from "order_lines" inner join "orders" on "orders"."id" = "order_lines"."order_id" where "order_lines"."sku" in ($n) and "order_lines"."backordered" > $n and "orders"."status" not in (…) order by "order_lines"."id" limit $n;
