export interface ChannelsTable {
  id: string;
  code: string;
  name: string;
  type: "web" | "mobile" | "pos" | "call_center" | "marketplace" | "b2b" | "kiosk";
  /** ISO 4217 */
  currency: string;
  price_list_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ChannelLocationsTable {
  channel_id: string;
  location_id: string;
}

export interface ChannelTables {
  channels: ChannelsTable;
  channel_locations: ChannelLocationsTable;
}
