-- authenticate-api-key: every API call with a Bearer key
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

update "api_keys" set "last_used_at" = $n where "id" = $n;
