-- audit-page: a keyset page of the audit trail for one resource
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "audit_events" where "resource_type" = $n and "resource_id" = $n order by "id" desc limit $n;
