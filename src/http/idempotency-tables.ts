export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  status: string;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}
