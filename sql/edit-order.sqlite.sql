-- edit-order: POST /v1/orders/:id/edit changing one line's quantity: release, re-source, re-commit, new version
-- dialect: sqlite

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = ? order by "channel_locations"."location_id";
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_2 (code=?)
--   plan: SEARCH channel_locations USING COVERING INDEX sqlite_autoindex_channel_locations_1 (channel_id=?) LEFT-JOIN

select "code" from "channels" where ("id" = ? or "code" = ?);
--   plan: MULTI-INDEX OR
--   plan: INDEX 1
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_1 (id=?)
--   plan: INDEX 2
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_2 (code=?)

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select * from "order_allocations" where "order_id" = ? order by "line_id";
--   plan: SEARCH order_allocations USING INDEX order_allocations_order (order_id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

select * from "order_holds" where "order_id" = ? order by "id";
--   plan: SEARCH order_holds USING INDEX order_holds_order (order_id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

select * from "order_lines" where "order_id" = ? order by "id";
--   plan: SEARCH order_lines USING INDEX order_lines_order (order_id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

select * from "orders" where "id" = ?;
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = ? and "f"."status" in (…) and "f"."location_id" = ? order by "f"."id" desc;
--   plan: SEARCH l USING INDEX fulfillment_order_lines_line (order_line_id=?)
--   plan: SEARCH f USING COVERING INDEX fulfillment_orders_location (location_id=? AND status=? AND id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

update "fulfillment_order_lines" set "quantity" = "quantity" - ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = ? order by "l"."order_line_id", "l"."sku";
--   plan: SEARCH f USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)
--   plan: SEARCH l USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?) LEFT-JOIN

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = ? and "f"."status" in (…) and "f"."location_id" = ? order by "f"."id" desc;
--   plan: SEARCH l USING INDEX fulfillment_order_lines_line (order_line_id=?)
--   plan: SEARCH f USING COVERING INDEX fulfillment_orders_location (location_id=? AND status=? AND id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

update "fulfillment_order_lines" set "quantity" = "quantity" - ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = ? order by "l"."order_line_id", "l"."sku";
--   plan: SEARCH f USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)
--   plan: SEARCH l USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?) LEFT-JOIN

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = ? and "f"."status" in (…) and "f"."location_id" = ? order by "f"."id" desc;
--   plan: SEARCH l USING INDEX fulfillment_order_lines_line (order_line_id=?)
--   plan: SEARCH f USING COVERING INDEX fulfillment_orders_location (location_id=? AND status=? AND id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

update "fulfillment_order_lines" set "quantity" = "quantity" - ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = ? order by "l"."order_line_id", "l"."sku";
--   plan: SEARCH f USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)
--   plan: SEARCH l USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?) LEFT-JOIN

update "fulfillment_orders" set "reason" = ?, "closed_at" = ?, "status" = ?, "version" = ?, "updated_at" = ? where "id" = ? and "version" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

delete from "order_allocations" where "order_id" = ?;
--   plan: SEARCH order_allocations USING COVERING INDEX order_allocations_order (order_id=?)

select "sku", "min_quantity", "amount" from "prices" where "price_list_id" = ? and "sku" in (…) and ("valid_from" is null or "valid_from" <= ?) and ("valid_to" is null or "valid_to" > ?) order by "min_quantity" desc;
--   plan: SEARCH prices USING INDEX prices_lookup (price_list_id=? AND sku=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

select "variants".*, "products"."title" as "product_title" from "variants" inner join "products" on "products"."id" = "variants"."product_id" where "variants"."sku" in (…);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)
--   plan: SEARCH products USING INDEX sqlite_autoindex_products_1 (id=?)

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";
--   plan: SEARCH inventory_levels USING INDEX inventory_levels_location (location_id=? AND sku=?)

select * from "locations" where "id" in (…);
--   plan: SEARCH locations USING INDEX sqlite_autoindex_locations_1 (id=?)

select * from "sourcing_rules" where "scope" in (…) and "active" = ?;
--   plan: SEARCH sourcing_rules USING INDEX sqlite_autoindex_sourcing_rules_2 (scope=?)

insert into "sourcing_decisions" ("id", "order_id", "trigger", "fulfillment_type", "rule_id", "request", "decision", "solver_ms", "created_at") values (…);

update "inventory_levels" set "updated_at" = ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and on_hand - committed - damaged - quality_control - safety_stock >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "fulfillment_orders" ("id", "order_id", "location_id", "fulfillment_type", "status", "promised_ship_date", "promised_delivery_date", "sourcing_decision_id", "reason", "version", "accepted_at", "fulfilled_at", "closed_at", "created_at", "updated_at") values (…);

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "shortage_quantity", "picked_quantity") values (…), (…), (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "order_allocations" ("line_id", "location_id", "order_id", "sku", "quantity") values (…), (…), (…);

insert into "order_versions" ("order_id", "version", "snapshot", "created_at") values (…);

update "orders" set "number" = ?, "channel_id" = ?, "external_ref" = ?, "email" = ?, "phone" = ?, "customer_id" = ?, "customer_name" = ?, "name_lc" = ?, "shipping_address" = ?, "billing_address" = ?, "currency" = ?, "subtotal" = ?, "discount_total" = ?, "shipping_total" = ?, "tax_total" = ?, "grand_total" = ?, "tax_rate_bps" = ?, "status" = ?, "open_holds" = ?, "requested_fulfillment" = ?, "pickup_location_id" = ?, "requested_delivery_date" = ?, "promo_code" = ?, "promo_rule" = ?, "location_scope" = ?, "notes" = ?, "tags" = ?, "version" = ?, "placed_at" = ?, "cancelled_at" = ?, "created_by" = ?, "created_at" = ?, "updated_at" = ? where "id" = ?;
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)

insert into "order_lines" ("id", "order_id", "sku", "title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at", "product_title", "variant_title") values (…), (…), (…) on conflict ("id") do update set "order_id" = "excluded"."order_id", "sku" = "excluded"."sku", "title" = "excluded"."title", "quantity" = "excluded"."quantity", "pending" = "excluded"."pending", "committed" = "excluded"."committed", "backordered" = "excluded"."backordered", "shipped" = "excluded"."shipped", "delivered" = "excluded"."delivered", "returned" = "excluded"."returned", "cancelled" = "excluded"."cancelled", "preorder" = "excluded"."preorder", "unit_price" = "excluded"."unit_price", "price_override_reason" = "excluded"."price_override_reason", "subtotal" = "excluded"."subtotal", "discount" = "excluded"."discount", "tax" = "excluded"."tax", "total" = "excluded"."total", "location_id" = "excluded"."location_id", "created_at" = "excluded"."created_at", "updated_at" = "excluded"."updated_at", "product_title" = "excluded"."product_title", "variant_title" = "excluded"."variant_title";

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "id", "location_id", "status", "promised_delivery_date" from "fulfillment_orders" where "order_id" = ? order by "id";
--   plan: SEARCH fulfillment_orders USING INDEX fulfillment_orders_order (order_id=?)

select * from "order_facts" where "order_id" = ?;
--   plan: SEARCH order_facts USING INDEX sqlite_autoindex_order_facts_1 (order_id=?)

update "order_facts" set "number" = ?, "channel_id" = ?, "country" = ?, "region" = ?, "placed_date" = ?, "placed_at" = ?, "currency" = ?, "grand_total" = ?, "lines" = ?, "units" = ?, "cancelled_units" = ?, "shipped_units" = ?, "backordered" = ?, "fo_count" = ?, "first_shipped_at" = ?, "last_shipped_at" = ?, "delivered_at" = ?, "promised_date" = ?, "on_time" = ?, "in_full" = ?, "returned_units" = ?, "damaged_units" = ?, "status" = ?, "status_since" = ?, "shard" = ?, "updated_at" = ? where "order_id" = ?;
--   plan: SEARCH order_facts USING INDEX sqlite_autoindex_order_facts_1 (order_id=?)

insert into "kpi_daily" ("date", "channel_id", "country", "currency", "shard", "orders", "revenue", "units", "cancelled_units", "cancelled_orders", "backordered_orders", "split_orders", "shipped_orders", "finished_orders", "in_full_orders", "finished_units", "filled_units", "delivered_orders", "promised_delivered", "on_time_delivered", "otif_orders", "returned_orders", "perfect_orders", "ship_seconds_sum", "ship_count", "delivery_seconds_sum", "delivery_count") values (…) on conflict ("date", "channel_id", "country", "currency", "shard") do update set "orders" = "kpi_daily"."orders" + "excluded"."orders", "revenue" = "kpi_daily"."revenue" + "excluded"."revenue", "units" = "kpi_daily"."units" + "excluded"."units", "cancelled_units" = "kpi_daily"."cancelled_units" + "excluded"."cancelled_units", "cancelled_orders" = "kpi_daily"."cancelled_orders" + "excluded"."cancelled_orders", "backordered_orders" = "kpi_daily"."backordered_orders" + "excluded"."backordered_orders", "split_orders" = "kpi_daily"."split_orders" + "excluded"."split_orders", "shipped_orders" = "kpi_daily"."shipped_orders" + "excluded"."shipped_orders", "finished_orders" = "kpi_daily"."finished_orders" + "excluded"."finished_orders", "in_full_orders" = "kpi_daily"."in_full_orders" + "excluded"."in_full_orders", "finished_units" = "kpi_daily"."finished_units" + "excluded"."finished_units", "filled_units" = "kpi_daily"."filled_units" + "excluded"."filled_units", "delivered_orders" = "kpi_daily"."delivered_orders" + "excluded"."delivered_orders", "promised_delivered" = "kpi_daily"."promised_delivered" + "excluded"."promised_delivered", "on_time_delivered" = "kpi_daily"."on_time_delivered" + "excluded"."on_time_delivered", "otif_orders" = "kpi_daily"."otif_orders" + "excluded"."otif_orders", "returned_orders" = "kpi_daily"."returned_orders" + "excluded"."returned_orders", "perfect_orders" = "kpi_daily"."perfect_orders" + "excluded"."perfect_orders", "ship_seconds_sum" = "kpi_daily"."ship_seconds_sum" + "excluded"."ship_seconds_sum", "ship_count" = "kpi_daily"."ship_count" + "excluded"."ship_count", "delivery_seconds_sum" = "kpi_daily"."delivery_seconds_sum" + "excluded"."delivery_seconds_sum", "delivery_count" = "kpi_daily"."delivery_count" + "excluded"."delivery_count";

select "kit_sku" from "kit_components" where "component_sku" = ?;
--   plan: SEARCH kit_components USING INDEX kit_components_component (component_sku=?)

select "order_lines"."id" as "line_id", "order_lines"."order_id", "order_lines"."sku", "order_lines"."preorder", "orders"."location_scope" from "order_lines" inner join "orders" on "orders"."id" = "order_lines"."order_id" where "order_lines"."sku" in (?) and "order_lines"."backordered" > ? and "orders"."status" not in (…) order by "order_lines"."id" limit ?;
--   plan: SEARCH order_lines USING INDEX order_lines_backorders (sku=? AND backordered>?)
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY
