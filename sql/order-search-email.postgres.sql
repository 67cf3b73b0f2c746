-- order-search-email: the console's order search by e-mail, first page
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "orders" where "email" = $n order by "id" desc limit $n;
