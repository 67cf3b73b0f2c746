-- inventory-adjustment: POST /v1/inventory_adjustments: conditional update, ledger row, event
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select * from "locations" where "id" in (?);
--   plan: SEARCH locations USING INDEX sqlite_autoindex_locations_1 (id=?)

select * from "variants" where "sku" in (?);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)

update "inventory_levels" set "updated_at" = ?, "on_hand" = "on_hand" + ? where "sku" = ? and "location_id" = ? returning *;
--   plan: SEARCH inventory_levels USING INDEX sqlite_autoindex_inventory_levels_1 (sku=? AND location_id=?)

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "kit_sku" from "kit_components" where "component_sku" = ?;
--   plan: SEARCH kit_components USING INDEX kit_components_component (component_sku=?)

select "order_lines"."id" as "line_id", "order_lines"."order_id", "order_lines"."sku", "order_lines"."preorder", "orders"."location_scope" from "order_lines" inner join "orders" on "orders"."id" = "order_lines"."order_id" where "order_lines"."sku" in (?) and "order_lines"."backordered" > ? and "orders"."status" not in (…) order by "order_lines"."id" limit ?;
--   plan: SEARCH order_lines USING INDEX order_lines_backorders (sku=? AND backordered>?)
--   plan: SEARCH orders USING INDEX sqlite_autoindex_orders_1 (id=?)
--   plan: USE TEMP B-TREE FOR ORDER BY

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);
