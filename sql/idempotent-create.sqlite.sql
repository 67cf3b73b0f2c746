-- idempotent-create: a creating POST with an Idempotency-Key (claim, work, completion in one transaction)
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

insert into "idempotency_keys" ("scope", "key", "fingerprint", "status", "response_status", "response_body", "created_at") values (…) on conflict ("scope", "key") do nothing;

insert into "api_keys" ("id", "name", "prefix", "key_hash", "scopes", "created_by", "created_at", "last_used_at", "revoked_at") values (…);

insert into "audit_events" ("id", "actor_type", "actor_id", "action", "resource_type", "resource_id", "data", "request_id", "created_at") values (…);

update "idempotency_keys" set "status" = ?, "response_status" = ?, "response_body" = ? where "scope" = ? and "key" = ?;
--   plan: SEARCH idempotency_keys USING INDEX sqlite_autoindex_idempotency_keys_1 (scope=? AND key=?)
