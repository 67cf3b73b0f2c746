-- order-detail: GET /v1/orders/:id with lines, holds, totals and fulfillment state
-- dialect: sqlite

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
