-- audit-page: a keyset page of the audit trail for one resource
-- dialect: sqlite

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select * from "audit_events" where "resource_type" = ? and "resource_id" = ? order by "id" desc limit ?;
--   plan: SEARCH audit_events USING INDEX audit_events_resource (resource_type=? AND resource_id=?)
