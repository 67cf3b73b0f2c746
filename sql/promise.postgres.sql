-- promise: POST /v1/promise for a 3-line cart to a ZIP code
-- dialect: postgres

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select "id" from "events" where "fanned_out" = $n limit $n;

select * from "events" where "fanned_out" = $n order by "id" limit $n for update skip locked;

select "id", "event_types" from "webhook_endpoints" where "status" = $n;

select "code" from "channels" where ("id" = $n or "code" = $n);

select * from "settings" where "key" in (…);

insert into "notifications" ("id", "event_id", "template", "channel", "dedupe_key", "to_address", "locale", "subject", "text_body", "html_body", "resource_type", "resource_id", "status", "attempts", "next_attempt_at", "claimed_by", "claim_expires_at", "last_error", "message_id", "sent_at", "created_at", "updated_at") values (…) on conflict ("dedupe_key") do nothing;

select * from "channels" where "code" = $n;

insert into "notifications" ("id", "event_id", "template", "channel", "dedupe_key", "to_address", "locale", "subject", "text_body", "html_body", "resource_type", "resource_id", "status", "attempts", "next_attempt_at", "claimed_by", "claim_expires_at", "last_error", "message_id", "sent_at", "created_at", "updated_at") values (…) on conflict ("dedupe_key") do nothing;

update "events" set "fanned_out" = $n where "id" in (…);

select "location_id" from "channel_locations" where "channel_id" = $n;


    select d.id from "webhook_deliveries" d
    where d.status = 'pending' and d.next_attempt_at <= $n
      and (d.claim_expires_at is null or d.claim_expires_at < $n) and exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id and e.status = 'enabled')
  and not exists (select 1 from webhook_deliveries p where p.endpoint_id = d.endpoint_id
    and p.resource_key = d.resource_key and p.status = 'pending' and p.event_id < d.event_id)
    limit 1;

select * from "variants" where "sku" in (…);

select * from "locations" where "id" in (…);

select * from "variants" where "sku" in (…);

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";

select * from "sourcing_rules" where "scope" in (…) and "active" = $n;
