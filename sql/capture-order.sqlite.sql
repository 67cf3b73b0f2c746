-- capture-order: POST /v1/orders with 3 lines: validation reads, pricing, sourcing, stock commits, inserts
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

insert into "idempotency_keys" ("scope", "key", "fingerprint", "status", "response_status", "response_body", "created_at") values (…) on conflict ("scope", "key") do nothing;

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = ? order by "channel_locations"."location_id";
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_2 (code=?)
--   plan: SEARCH channel_locations USING COVERING INDEX sqlite_autoindex_channel_locations_1 (channel_id=?) LEFT-JOIN

select "region", "rate_bps" from "tax_rates" where "country" = ? and "region" in (…);
--   plan: SEARCH tax_rates USING INDEX sqlite_autoindex_tax_rates_2 (country=? AND region=?)

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

update "inventory_levels" set "updated_at" = ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and on_hand - committed - damaged - quality_control - safety_stock >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

update "counters" set "value" = value + 1 where "name" = ? returning "value";
--   plan: SEARCH counters USING INDEX sqlite_autoindex_counters_1 (name=?)

insert into "orders" ("id", "number", "channel_id", "external_ref", "email", "phone", "customer_id", "customer_name", "name_lc", "shipping_address", "billing_address", "currency", "subtotal", "discount_total", "shipping_total", "tax_total", "grand_total", "tax_rate_bps", "status", "open_holds", "requested_fulfillment", "pickup_location_id", "requested_delivery_date", "promo_code", "promo_rule", "location_scope", "notes", "tags", "version", "placed_at", "cancelled_at", "created_by", "created_at", "updated_at") values (…) on conflict ("channel_id", "external_ref") do nothing returning "number";

insert into "sourcing_decisions" ("id", "order_id", "trigger", "fulfillment_type", "rule_id", "request", "decision", "solver_ms", "created_at") values (…);

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…), (…), (…);

insert into "fulfillment_orders" ("id", "order_id", "location_id", "fulfillment_type", "status", "promised_ship_date", "promised_delivery_date", "sourcing_decision_id", "reason", "version", "accepted_at", "fulfilled_at", "closed_at", "created_at", "updated_at") values (…);

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "shortage_quantity", "picked_quantity") values (…), (…), (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…), (…);

insert into "order_lines" ("id", "order_id", "sku", "title", "product_title", "variant_title", "quantity", "pending", "committed", "backordered", "shipped", "delivered", "returned", "cancelled", "preorder", "unit_price", "price_override_reason", "subtotal", "discount", "tax", "total", "location_id", "created_at", "updated_at") values (…), (…), (…);

insert into "order_allocations" ("line_id", "location_id", "order_id", "sku", "quantity") values (…), (…), (…);

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "order_facts" ("order_id", "number", "channel_id", "country", "region", "placed_date", "placed_at", "currency", "grand_total", "lines", "units", "cancelled_units", "shipped_units", "backordered", "fo_count", "first_shipped_at", "last_shipped_at", "delivered_at", "promised_date", "on_time", "in_full", "returned_units", "damaged_units", "status", "status_since", "shard", "updated_at") values (…);

insert into "kpi_daily" ("date", "channel_id", "country", "currency", "shard", "orders", "revenue", "units", "cancelled_units", "cancelled_orders", "backordered_orders", "split_orders", "shipped_orders", "finished_orders", "in_full_orders", "finished_units", "filled_units", "delivered_orders", "promised_delivered", "on_time_delivered", "otif_orders", "returned_orders", "perfect_orders", "ship_seconds_sum", "ship_count", "delivery_seconds_sum", "delivery_count") values (…) on conflict ("date", "channel_id", "country", "currency", "shard") do update set "orders" = "kpi_daily"."orders" + "excluded"."orders", "revenue" = "kpi_daily"."revenue" + "excluded"."revenue", "units" = "kpi_daily"."units" + "excluded"."units", "cancelled_units" = "kpi_daily"."cancelled_units" + "excluded"."cancelled_units", "cancelled_orders" = "kpi_daily"."cancelled_orders" + "excluded"."cancelled_orders", "backordered_orders" = "kpi_daily"."backordered_orders" + "excluded"."backordered_orders", "split_orders" = "kpi_daily"."split_orders" + "excluded"."split_orders", "shipped_orders" = "kpi_daily"."shipped_orders" + "excluded"."shipped_orders", "finished_orders" = "kpi_daily"."finished_orders" + "excluded"."finished_orders", "in_full_orders" = "kpi_daily"."in_full_orders" + "excluded"."in_full_orders", "finished_units" = "kpi_daily"."finished_units" + "excluded"."finished_units", "filled_units" = "kpi_daily"."filled_units" + "excluded"."filled_units", "delivered_orders" = "kpi_daily"."delivered_orders" + "excluded"."delivered_orders", "promised_delivered" = "kpi_daily"."promised_delivered" + "excluded"."promised_delivered", "on_time_delivered" = "kpi_daily"."on_time_delivered" + "excluded"."on_time_delivered", "otif_orders" = "kpi_daily"."otif_orders" + "excluded"."otif_orders", "returned_orders" = "kpi_daily"."returned_orders" + "excluded"."returned_orders", "perfect_orders" = "kpi_daily"."perfect_orders" + "excluded"."perfect_orders", "ship_seconds_sum" = "kpi_daily"."ship_seconds_sum" + "excluded"."ship_seconds_sum", "ship_count" = "kpi_daily"."ship_count" + "excluded"."ship_count", "delivery_seconds_sum" = "kpi_daily"."delivery_seconds_sum" + "excluded"."delivery_seconds_sum", "delivery_count" = "kpi_daily"."delivery_count" + "excluded"."delivery_count";

update "idempotency_keys" set "status" = ?, "response_status" = ?, "response_body" = ? where "scope" = ? and "key" = ?;
--   plan: SEARCH idempotency_keys USING INDEX sqlite_autoindex_idempotency_keys_1 (scope=? AND key=?)
