export interface EventsTable {
  id: string;
  type: string;
  resource_type: string;
  resource_id: string;
  data: string;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  created_at: string;
}

export interface EventTables {
  events: EventsTable;
}
