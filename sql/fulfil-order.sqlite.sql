-- fulfil-order: POST /v1/fulfillment_orders/:id/fulfil: stock ships, the order changes (version, timeline, audit, events)
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select "number", "open_holds" from "orders" where "id" = ?;
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)

select * from "fulfillment_order_lines" where "fulfillment_order_id" in (?) order by "order_line_id", "sku";
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?)

select * from "fulfillment_orders" where "id" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

update "fulfillment_orders" set "fulfilled_at" = ?, "closed_at" = ?, "accepted_at" = ?, "status" = ?, "version" = ?, "updated_at" = ? where "id" = ? and "version" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

select * from "fulfillment_order_lines" where "fulfillment_order_id" in (?) order by "order_line_id", "sku";
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?)

select * from "fulfillment_orders" where "id" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "on_hand" >= ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

update "fulfillment_order_lines" set "fulfilled_quantity" = ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "on_hand" >= ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

update "fulfillment_order_lines" set "fulfilled_quantity" = ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + ?, "committed" = "committed" + ? where "sku" = ? and "location_id" = ? and "on_hand" >= ? and "committed" >= ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

update "fulfillment_order_lines" set "fulfilled_quantity" = ? where "fulfillment_order_id" = ? and "order_line_id" = ? and "sku" = ?;
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=? AND order_line_id=? AND sku=?)

select * from "fulfillment_order_lines" where "fulfillment_order_id" in (?) order by "order_line_id", "sku";
--   plan: SEARCH fulfillment_order_lines USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?)

select * from "fulfillment_orders" where "id" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

update "orders" set "updated_at" = ? where "id" = ?;
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)

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

update "order_lines" set "order_id" = ?, "sku" = ?, "title" = ?, "quantity" = ?, "pending" = ?, "committed" = ?, "backordered" = ?, "shipped" = ?, "delivered" = ?, "returned" = ?, "cancelled" = ?, "preorder" = ?, "unit_price" = ?, "price_override_reason" = ?, "subtotal" = ?, "discount" = ?, "tax" = ?, "total" = ?, "location_id" = ?, "created_at" = ?, "updated_at" = ? where "id" = ?;
--   plan: SEARCH order_lines USING INDEX sqlite_autoindex_order_lines_1 (id=?)

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);
