-- order-search-email: the console's order search by e-mail, first page
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select * from "orders" where "email" = ? order by "id" desc limit ?;
--   plan: SEARCH orders USING INDEX orders_email (email=?)
