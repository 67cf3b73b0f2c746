// The whole database as Kysely sees it: each capability declares its tables beside its code.
import type { IdempotencyKeysTable } from "../http/idempotency-tables.js";
import type { AccessTables } from "../modules/access/tables.js";
import type { AuditTables } from "../modules/audit/tables.js";

export interface DB extends AccessTables, AuditTables {
  idempotency_keys: IdempotencyKeysTable;
}
