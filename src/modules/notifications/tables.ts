export interface NotificationsTable {
  id: string;
  event_id: string | null;
  template: string;
  channel: "email";
  /** One message per template and resource, however many processes or events ask for it. */
  dedupe_key: string;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  resource_type: string;
  resource_id: string;
  /** `stored`: no SMTP server configured — kept for the console instead of sent. */
  status: "pending" | "sent" | "stored" | "failed";
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  /** JSON */
  value: string;
  updated_at: string;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  settings: SettingsTable;
}
