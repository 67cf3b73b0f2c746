-- authenticate-api-key: every API call with a Bearer key
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

update "api_keys" set "last_used_at" = ? where "id" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_1 (id=?)
