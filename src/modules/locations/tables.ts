export interface LocationsTable {
  id: string;
  code: string;
  name: string;
  type: "warehouse" | "store" | "dropship";
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
  latitude: number | null;
  longitude: number | null;
  /** JSON array of `ship`, `pickup`, `local_delivery`, `returns` */
  capabilities: string;
  /** IANA time zone, for cut-off times */
  time_zone: string;
  processing_days: number;
  /** Orders released before this local hour are processed the same day. */
  cutoff_hour: number;
  daily_capacity: number | null;
  /** Lower is preferred when rules rank locations. */
  priority: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface LocationTables {
  locations: LocationsTable;
}
