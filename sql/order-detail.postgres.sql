-- order-detail: GET /v1/orders/:id with lines, holds, totals and fulfillment state
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "order_allocations" where "order_id" = $n order by "line_id";

select * from "order_holds" where "order_id" = $n order by "id";

select * from "order_lines" where "order_id" = $n order by "id";

select * from "orders" where "id" = $n;
