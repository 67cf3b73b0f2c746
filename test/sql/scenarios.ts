import type { Scenario } from "./snapshots.js";

// The hot paths whose SQL is kept in sql/*.sql. Add a scenario when a capability adds one.
export const SCENARIOS: Scenario[] = [
  {
    name: "authenticate-api-key",
    description: "every API call with a Bearer key",
    run: (admin) => admin.get("/v1/auth/me"),
  },
  {
    name: "idempotent-create",
    description: "a creating POST with an Idempotency-Key (claim, work, completion in one transaction)",
    run: (admin) =>
      admin.post(
        "/v1/api_keys",
        { name: "snapshot", scopes: ["orders:read"] },
        { "idempotency-key": "snapshot-1" },
      ),
  },
  {
    name: "audit-page",
    description: "a keyset page of the audit trail for one resource",
    run: (admin) => admin.get("/v1/audit_events?resource_type=user&resource_id=usr_x&limit=20"),
  },
];
