-- promise: POST /v1/promise for a 3-line cart to a ZIP code
-- dialect: postgres

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = $n order by "channel_locations"."location_id";

select "code" from "channels" where ("id" = $n or "code" = $n);

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = $n;

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";

select * from "locations" where "id" in (…);

select * from "sourcing_rules" where "scope" in (…) and "active" = $n;

select * from "variants" where "sku" in (…);
