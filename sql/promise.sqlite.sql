-- promise: POST /v1/promise for a 3-line cart to a ZIP code
-- dialect: sqlite

select "channels".*, "channel_locations"."location_id" from "channels" left join "channel_locations" on "channel_locations"."channel_id" = "channels"."id" where "channels"."code" = ? order by "channel_locations"."location_id";
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_2 (code=?)
--   plan: SEARCH channel_locations USING COVERING INDEX sqlite_autoindex_channel_locations_1 (channel_id=?) LEFT-JOIN

select "code" from "channels" where ("id" = ? or "code" = ?);
--   plan: MULTI-INDEX OR
--   plan: INDEX 1
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_1 (id=?)
--   plan: INDEX 2
--   plan: SEARCH channels USING INDEX sqlite_autoindex_channels_2 (code=?)

select "id", "name", "scopes", "revoked_at", "last_used_at" from "api_keys" where "key_hash" = ?;
--   plan: SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_2 (key_hash=?)

select * from "inventory_levels" where "sku" in (…) and "location_id" in (…) order by "location_id";
--   plan: SEARCH inventory_levels USING INDEX inventory_levels_location (location_id=? AND sku=?)

select * from "locations" where "id" in (…);
--   plan: SEARCH locations USING INDEX sqlite_autoindex_locations_1 (id=?)

select * from "sourcing_rules" where "scope" in (…) and "active" = ?;
--   plan: SEARCH sourcing_rules USING INDEX sqlite_autoindex_sourcing_rules_2 (scope=?)

select * from "variants" where "sku" in (…);
--   plan: SEARCH variants USING INDEX sqlite_autoindex_variants_2 (sku=?)
