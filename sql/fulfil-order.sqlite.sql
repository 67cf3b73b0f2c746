-- fulfil-order: POST /v1/fulfillment_orders/:id/fulfil: stock ships, the order changes (version, timeline, audit, events)
-- dialect: sqlite

select "f".*, "l"."order_line_id" as "l_order_line_id", "l"."sku" as "l_sku", "l"."quantity" as "l_quantity", "l"."fulfilled_quantity" as "l_fulfilled_quantity", "l"."picked_quantity" as "l_picked_quantity", "l"."shortage_quantity" as "l_shortage_quantity" from "fulfillment_orders" as "f" left join "fulfillment_order_lines" as "l" on "l"."fulfillment_order_id" = "f"."id" where "f"."id" = ? order by "l"."order_line_id", "l"."sku";
--   plan: SEARCH f USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)
--   plan: SEARCH l USING INDEX sqlite_autoindex_fulfillment_order_lines_1 (fulfillment_order_id=?) LEFT-JOIN

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

update "fulfillment_orders" set "fulfilled_at" = ?, "closed_at" = ?, "accepted_at" = ?, "status" = ?, "version" = ?, "updated_at" = ? where "id" = ? and "version" = ?;
--   plan: SEARCH fulfillment_orders USING INDEX sqlite_autoindex_fulfillment_orders_1 (id=?)

select * from "variants" where "sku" in (…);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + case "sku" when ? then cast(? as integer) when ? then cast(? as integer) when ? then cast(? as integer) else ? end, "committed" = "committed" + case "sku" when ? then cast(? as integer) when ? then cast(? as integer) when ? then cast(? as integer) else ? end where "location_id" = ? and "sku" in (…) and case "sku" when ? then ("on_hand" >= ? and "committed" >= ?) when ? then ("on_hand" >= ? and "committed" >= ?) when ? then ("on_hand" >= ? and "committed" >= ?) else false end returning *;
--   plan: SEARCH inventory_levels USING INDEX inventory_levels_location (location_id=? AND sku=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "picked_quantity", "shortage_quantity") values (…), (…), (…) on conflict ("fulfillment_order_id", "order_line_id", "sku") do update set "fulfilled_quantity" = "excluded"."fulfilled_quantity", "picked_quantity" = "excluded"."picked_quantity";

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

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

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);
