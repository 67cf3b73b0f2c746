-- inventory-adjustment: POST /v1/inventory_adjustments: conditional update, ledger row, event
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "locations" where "id" in ($n);

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "on_hand" = "on_hand" + $n where "sku" = $n and "location_id" = $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "kit_sku" from "kit_components" where "component_sku" = $n;

select "order_lines"."id" as "line_id", "order_lines"."order_id", "order_lines"."sku", "order_lines"."preorder", "orders"."location_scope" from "order_lines" inner join "orders" on "orders"."id" = "order_lines"."order_id" where "order_lines"."sku" in ($n) and "order_lines"."backordered" > $n and "orders"."status" not in (…) order by "order_lines"."id" limit $n;

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);
