-- authenticate-api-key: every API call with a Bearer key
-- dialect: postgres

select "id" from "events" where "fanned_out" = $n limit $n;


    select d.id from "webhook_deliveries" d
    where d.status = 'pending' and d.next_attempt_at <= $n
      and (d.claim_expires_at is null or d.claim_expires_at < $n) and exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id and e.status = 'enabled')
  and not exists (select 1 from webhook_deliveries p where p.endpoint_id = d.endpoint_id
    and p.resource_key = d.resource_key and p.status = 'pending' and p.event_id < d.event_id)
    limit 1;

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

update "api_keys" set "last_used_at" = $n where "id" = $n;
