-- ship-package: POST /v1/shipments/:id/ship of a package holding the whole fulfillment order, its label bought: stock out, lines shipped, order changed, shipment.created
-- dialect: sqlite

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = ? order by "l"."order_line_id", "l"."sku";
--   plan: SEARCH f USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)
--   plan: SEARCH l USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?) LEFT-JOIN

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select "s".*, (select coalesce(json_group_array(json_object('shipment_id', "agg"."shipment_id", 'order_line_id', "agg"."order_line_id", 'sku', "agg"."sku", 'title', "agg"."title", 'quantity', "agg"."quantity")), '[]') from (select "shipment_id", "order_line_id", "sku", "title", "quantity" from "shipment_lines" where "shipment_id" = "s"."id" order by "order_line_id") as agg) as "d_lines", (select coalesce(json_group_array(json_object('id', "agg"."id", 'shipment_id', "agg"."shipment_id", 'carrier', "agg"."carrier", 'service', "agg"."service", 'service_name', "agg"."service_name", 'tracking_number', "agg"."tracking_number", 'amount', "agg"."amount", 'currency', "agg"."currency", 'ship_date', "agg"."ship_date", 'estimated_delivery_date', "agg"."estimated_delivery_date", 'status', "agg"."status", 'created_at', "agg"."created_at", 'voided_at', "agg"."voided_at")), '[]') from (select "id", "shipment_id", "carrier", "service", "service_name", "tracking_number", "amount", "currency", "ship_date", "estimated_delivery_date", "status", "created_at", "voided_at" from "shipping_labels" where "shipment_id" = "s"."id" order by "id") as agg) as "d_labels", (select coalesce(json_group_array(json_object('id', "agg"."id", 'shipment_id', "agg"."shipment_id", 'carrier', "agg"."carrier", 'carrier_event_id', "agg"."carrier_event_id", 'tracking_number', "agg"."tracking_number", 'status', "agg"."status", 'happened_at', "agg"."happened_at", 'message', "agg"."message", 'city', "agg"."city", 'estimated_delivery_at', "agg"."estimated_delivery_at", 'source', "agg"."source", 'created_at', "agg"."created_at")), '[]') from (select "id", "shipment_id", "carrier", "carrier_event_id", "tracking_number", "status", "happened_at", "message", "city", "estimated_delivery_at", "source", "created_at" from "tracking_events" where "shipment_id" = "s"."id" order by "happened_at", "id") as agg) as "d_events" from "shipments" as "s" where "s"."id" = ?;
--   plan: SEARCH s USING INDEX sqlite_autoindex_shipments_1 (id=?)
--   plan: CORRELATED SCALAR SUBQUERY 2
--   plan: CO-ROUTINE agg
--   plan: SEARCH shipment_lines USING INDEX sqlite_autoindex_shipment_lines_1 (shipment_id=?)
--   plan: SCAN agg
--   plan: CORRELATED SCALAR SUBQUERY 4
--   plan: CO-ROUTINE agg
--   plan: SEARCH shipping_labels USING INDEX shipping_labels_shipment (shipment_id=?)
--   plan: SCAN agg
--   plan: CORRELATED SCALAR SUBQUERY 6
--   plan: CO-ROUTINE agg
--   plan: SEARCH tracking_events USING INDEX tracking_events_shipment (shipment_id=?)
--   plan: USE TEMP B-TREE FOR LAST TERM OF ORDER BY
--   plan: SCAN agg

update "fulfillment_orders" set "fulfilled_at" = ?, "closed_at" = ?, "accepted_at" = ?, "status" = ?, "version" = ?, "updated_at" = ? where "id" = ? and "version" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

select * from "variants" where "sku" in (…);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + case "sku" when ? then cast(? as integer) when ? then cast(? as integer) when ? then cast(? as integer) else ? end, "committed" = "committed" + case "sku" when ? then cast(? as integer) when ? then cast(? as integer) when ? then cast(? as integer) else ? end where "location_id" = ? and "sku" in (…) and case "sku" when ? then ("on_hand" >= ? and "committed" >= ?) when ? then ("on_hand" >= ? and "committed" >= ?) when ? then ("on_hand" >= ? and "committed" >= ?) else false end returning *;
--   plan: SEARCH inventory_levels USING INDEX inventory_levels_location (location_id=? AND sku=?)

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "picked_quantity", "shortage_quantity") values (…), (…), (…) on conflict ("fulfillment_order_id", "order_line_id", "sku") do update set "fulfilled_quantity" = "excluded"."fulfilled_quantity", "picked_quantity" = "excluded"."picked_quantity";

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

delete from "order_allocations" where "order_id" = ?;
--   plan: SEARCH order_allocations USING COVERING INDEX order_allocations_order (order_id=?)

insert into "order_versions" ("order_id", "version", "snapshot", "created_at") values (…);

update "orders" set "number" = ?, "channel_id" = ?, "external_ref" = ?, "email" = ?, "phone" = ?, "customer_id" = ?, "customer_name" = ?, "name_lc" = ?, "shipping_address" = ?, "billing_address" = ?, "currency" = ?, "subtotal" = ?, "discount_total" = ?, "shipping_total" = ?, "tax_total" = ?, "grand_total" = ?, "tax_rate_bps" = ?, "status" = ?, "open_holds" = ?, "requested_fulfillment" = ?, "pickup_location_id" = ?, "requested_delivery_date" = ?, "promo_code" = ?, "promo_rule" = ?, "location_scope" = ?, "notes" = ?, "tags" = ?, "version" = ?, "placed_at" = ?, "cancelled_at" = ?, "created_by" = ?, "created_at" = ?, "updated_at" = ? where "id" = ?;
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)

insert into "order_lines" ("id", "order_id", "sku", "title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at", "product_title", "variant_title") values (…), (…), (…) on conflict ("id") do update set "order_id" = "excluded"."order_id", "sku" = "excluded"."sku", "title" = "excluded"."title", "quantity" = "excluded"."quantity", "pending" = "excluded"."pending", "committed" = "excluded"."committed", "backordered" = "excluded"."backordered", "shipped" = "excluded"."shipped", "delivered" = "excluded"."delivered", "returned" = "excluded"."returned", "cancelled" = "excluded"."cancelled", "preorder" = "excluded"."preorder", "unit_price" = "excluded"."unit_price", "price_override_reason" = "excluded"."price_override_reason", "subtotal" = "excluded"."subtotal", "discount" = "excluded"."discount", "tax" = "excluded"."tax", "total" = "excluded"."total", "location_id" = "excluded"."location_id", "created_at" = "excluded"."created_at", "updated_at" = "excluded"."updated_at", "product_title" = "excluded"."product_title", "variant_title" = "excluded"."variant_title";

select "id", "location_id", "status", "promised_delivery_date" from "fulfillment_orders" where "order_id" = ? order by "id";
--   plan: SEARCH fulfillment_orders USING INDEX fulfillment_orders_order (order_id=?)

select * from "order_facts" where "order_id" = ?;
--   plan: SEARCH order_facts USING INDEX sqlite_autoindex_order_facts_1 (order_id=?)

update "order_facts" set "number" = ?, "channel_id" = ?, "country" = ?, "region" = ?, "placed_date" = ?, "placed_at" = ?, "currency" = ?, "grand_total" = ?, "lines" = ?, "units" = ?, "cancelled_units" = ?, "shipped_units" = ?, "backordered" = ?, "fo_count" = ?, "first_shipped_at" = ?, "last_shipped_at" = ?, "delivered_at" = ?, "promised_date" = ?, "on_time" = ?, "in_full" = ?, "returned_units" = ?, "damaged_units" = ?, "status" = ?, "status_since" = ?, "shard" = ?, "updated_at" = ? where "order_id" = ?;
--   plan: SEARCH order_facts USING INDEX sqlite_autoindex_order_facts_1 (order_id=?)

update "shipments" set "shipped_at" = ?, "status" = ?, "version" = ?, "updated_at" = ? where "id" = ? and "version" = ?;
--   plan: SEARCH shipments USING INDEX sqlite_autoindex_shipments_1 (id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…), (…), (…), (…), (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…), (…), (…);

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "kpi_daily" ("date", "channel_id", "country", "currency", "shard", "orders", "revenue", "units", "cancelled_units", "cancelled_orders", "backordered_orders", "split_orders", "shipped_orders", "finished_orders", "in_full_orders", "finished_units", "filled_units", "delivered_orders", "promised_delivered", "on_time_delivered", "otif_orders", "returned_orders", "perfect_orders", "ship_seconds_sum", "ship_count", "delivery_seconds_sum", "delivery_count") values (…) on conflict ("date", "channel_id", "country", "currency", "shard") do update set "orders" = "kpi_daily"."orders" + "excluded"."orders", "revenue" = "kpi_daily"."revenue" + "excluded"."revenue", "units" = "kpi_daily"."units" + "excluded"."units", "cancelled_units" = "kpi_daily"."cancelled_units" + "excluded"."cancelled_units", "cancelled_orders" = "kpi_daily"."cancelled_orders" + "excluded"."cancelled_orders", "backordered_orders" = "kpi_daily"."backordered_orders" + "excluded"."backordered_orders", "split_orders" = "kpi_daily"."split_orders" + "excluded"."split_orders", "shipped_orders" = "kpi_daily"."shipped_orders" + "excluded"."shipped_orders", "finished_orders" = "kpi_daily"."finished_orders" + "excluded"."finished_orders", "in_full_orders" = "kpi_daily"."in_full_orders" + "excluded"."in_full_orders", "finished_units" = "kpi_daily"."finished_units" + "excluded"."finished_units", "filled_units" = "kpi_daily"."filled_units" + "excluded"."filled_units", "delivered_orders" = "kpi_daily"."delivered_orders" + "excluded"."delivered_orders", "promised_delivered" = "kpi_daily"."promised_delivered" + "excluded"."promised_delivered", "on_time_delivered" = "kpi_daily"."on_time_delivered" + "excluded"."on_time_delivered", "otif_orders" = "kpi_daily"."otif_orders" + "excluded"."otif_orders", "returned_orders" = "kpi_daily"."returned_orders" + "excluded"."returned_orders", "perfect_orders" = "kpi_daily"."perfect_orders" + "excluded"."perfect_orders", "ship_seconds_sum" = "kpi_daily"."ship_seconds_sum" + "excluded"."ship_seconds_sum", "ship_count" = "kpi_daily"."ship_count" + "excluded"."ship_count", "delivery_seconds_sum" = "kpi_daily"."delivery_seconds_sum" + "excluded"."delivery_seconds_sum", "delivery_count" = "kpi_daily"."delivery_count" + "excluded"."delivery_count";
