-- edit-order: POST /v1/orders/:id/edit changing one line's quantity: release, re-source, re-commit, new version
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

update "orders" set "updated_at" = $n where "id" = $n;

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = $n order by "channel_locations"."location_id";

select "code" from "channels" where ("id" = $n or "code" = $n);

select * from "order_allocations" where "order_id" = $n order by "line_id";

select * from "order_holds" where "order_id" = $n order by "id";

select * from "order_lines" where "order_id" = $n order by "id";

select * from "orders" where "id" = $n;

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select * from "fulfillment_order_lines" where "fulfillment_order_id" in ($n) order by "order_line_id", "sku";

select * from "fulfillment_orders" where "id" = $n;

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select * from "fulfillment_order_lines" where "fulfillment_order_id" in ($n) order by "order_line_id", "sku";

select * from "fulfillment_orders" where "id" = $n;

select * from "variants" where "sku" in ($n);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and "committed" >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "f"."id", "l"."sku", "l"."quantity", "l"."fulfilled_quantity" from "fulfillment_order_lines" as "l" inner join "fulfillment_orders" as "f" on "f"."id" = "l"."fulfillment_order_id" where "l"."order_line_id" = $n and "f"."status" in (…) and "f"."location_id" = $n order by "f"."id" desc;

update "fulfillment_order_lines" set "quantity" = "quantity" - $n where "fulfillment_order_id" = $n and "order_line_id" = $n and "sku" = $n;

select * from "fulfillment_order_lines" where "fulfillment_order_id" in ($n) order by "order_line_id", "sku";

select * from "fulfillment_orders" where "id" = $n;

update "fulfillment_orders" set "reason" = $n, "closed_at" = $n, "status" = $n, "version" = $n, "updated_at" = $n where "id" = $n and "version" = $n;

select * from "fulfillment_order_lines" where "fulfillment_order_id" in ($n) order by "order_line_id", "sku";

select * from "fulfillment_orders" where "id" = $n;

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

delete from "order_allocations" where "order_id" = $n;

select "sku", "min_quantity", "amount" from "prices" where "price_list_id" = $n and "sku" in (…) and ("valid_from" is null or "valid_from" <= $n) and ("valid_to" is null or "valid_to" > $n) order by "min_quantity" desc;

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";

select * from "locations" where "id" in (…);

select * from "sourcing_rules" where "scope" in (…) and "active" = $n;

select * from "variants" where "sku" in (…);

insert into "sourcing_decisions" ("id", "order_id", "trigger", "fulfillment_type", "rule_id", "request", "decision", "solver_ms", "created_at") values (…);

update "inventory_levels" set "updated_at" = $n, "committed" = "committed" + $n where "sku" = $n and "location_id" = $n and on_hand - committed - damaged - quality_control - safety_stock >= $n returning *;

insert into "inventory_movements" ("id", "sku", "location_id", "type", "d_on_hand", "d_committed", "d_incoming", "d_damaged", "d_quality_control", "d_safety_stock", "reason", "note", "reference_type", "reference_id", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…), (…), (…);

insert into "fulfillment_orders" ("id", "order_id", "location_id", "fulfillment_type", "status", "promised_ship_date", "promised_delivery_date", "sourcing_decision_id", "reason", "version", "accepted_at", "fulfilled_at", "closed_at", "created_at", "updated_at") values (…);

insert into "fulfillment_order_lines" ("fulfillment_order_id", "order_line_id", "sku", "quantity", "fulfilled_quantity", "shortage_quantity") values (…), (…), (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

insert into "order_allocations" ("line_id", "location_id", "order_id", "sku", "quantity") values (…), (…), (…);

insert into "order_versions" ("order_id", "version", "snapshot", "created_at") values (…);

update "orders" set "number" = $n, "channel_id" = $n, "external_ref" = $n, "email" = $n, "phone" = $n, "customer_id" = $n, "customer_name" = $n, "name_lc" = $n, "shipping_address" = $n, "billing_address" = $n, "currency" = $n, "subtotal" = $n, "discount_total" = $n, "shipping_total" = $n, "tax_total" = $n, "grand_total" = $n, "tax_rate_bps" = $n, "status" = $n, "open_holds" = $n, "requested_fulfillment" = $n, "pickup_location_id" = $n, "requested_delivery_date" = $n, "promo_code" = $n, "promo_rule" = $n, "location_scope" = $n, "notes" = $n, "tags" = $n, "version" = $n, "placed_at" = $n, "cancelled_at" = $n, "created_by" = $n, "created_at" = $n, "updated_at" = $n where "id" = $n;

update "order_lines" set "order_id" = $n, "sku" = $n, "title" = $n, "quantity" = $n, "pending" = $n, "committed" = $n, "backordered" = $n, "shipped" = $n, "delivered" = $n, "returned" = $n, "cancelled" = $n, "preorder" = $n, "unit_price" = $n, "price_override_reason" = $n, "subtotal" = $n, "discount" = $n, "tax" = $n, "total" = $n, "location_id" = $n, "created_at" = $n, "updated_at" = $n where "id" = $n;

insert into "order_events" ("id", "order_id", "type", "message", "data", "actor_type", "actor_id", "actor_name", "request_id", "created_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

insert into "events" ("id", "type", "resource_type", "resource_id", "data", "actor_type", "actor_id", "request_id", "created_at") values (…);

select "kit_sku" from "kit_components" where "component_sku" = $n;

select "order_lines"."id" as "line_id", "order_lines"."order_id", "order_lines"."sku", "order_lines"."preorder", "orders"."location_scope" from "order_lines" inner join "orders" on "orders"."id" = "order_lines"."order_id" where "order_lines"."sku" in ($n) and "order_lines"."backordered" > $n and "orders"."status" not in (…) order by "order_lines"."id" limit $n;
