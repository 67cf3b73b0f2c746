export interface AuditEventsTable {
  id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  data: string | null;
  request_id: string | null;
  created_at: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
