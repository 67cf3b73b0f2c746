/** One survey per delivered order: sent some days after delivery, answered once through its link. */
export interface FeedbackRequestsTable {
  id: string;
  order_id: string;
  /** The order's human number, for the survey page and the console (it never changes). */
  order_number: number;
  channel_id: string;
  /** Where the order shipped from (the location that sent most of its units). */
  location_id: string | null;
  email: string;
  /** SHA-256 (hex) of the link's random token, set when the survey is sent; the token itself is never stored. */
  token_hash: string | null;
  delivered_at: string;
  due_at: string;
  sent_at: string | null;
  /** 1–5, null until answered. */
  score: number | null;
  comment: string | null;
  answered_at: string | null;
  created_at: string;
}

export interface FeedbackTables {
  feedback_requests: FeedbackRequestsTable;
}
