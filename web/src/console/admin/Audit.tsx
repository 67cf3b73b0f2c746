import { Code, Group, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { api } from "../../api/client";
import type { AuditEvent, Page } from "../../api/types";
import { when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";

export function AuditPage() {
  const [filters, setFilters] = useState({ resource_type: "", resource_id: "", actor_id: "", action: "" });
  const [debounced] = useDebouncedValue(filters, 300);
  const field = (key: keyof typeof filters, label: string) => (
    <TextInput
      label={label}
      size="sm"
      value={filters[key]}
      onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value.trim() })}
    />
  );
  return (
    <>
      <PageHeader title="Audit trail" subtitle="Who did what, when, to which resource — newest first" />
      <Group mb="md" align="flex-end" wrap="wrap">
        {field("action", "Action")}
        {field("resource_type", "Resource type")}
        {field("resource_id", "Resource id")}
        {field("actor_id", "Actor id")}
      </Group>
      <PagedTable<AuditEvent>
        caption="Audit events"
        queryKey={["audit", debounced]}
        fetchPage={(cursor, signal) =>
          api.get<Page<AuditEvent>>("/v1/audit_events", { ...debounced, cursor, limit: 50 }, signal)
        }
        rowKey={(e) => e.id}
        empty="No audit events match"
        columns={[
          { key: "at", header: "When", render: (e) => when(e.created_at), width: 180 },
          {
            key: "actor",
            header: "Who",
            render: (e) => `${e.actor_type}${e.actor_id ? ` ${e.actor_id}` : ""}`,
          },
          { key: "action", header: "Action", render: (e) => <Code>{e.action}</Code> },
          { key: "resource", header: "Resource", render: (e) => `${e.resource_type} ${e.resource_id}` },
          {
            key: "data",
            header: "Details",
            render: (e) => (
              <Code
                style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", maxWidth: 360, display: "block" }}
              >
                {e.data === null || e.data === undefined
                  ? ""
                  : typeof e.data === "string"
                    ? e.data
                    : JSON.stringify(e.data)}
              </Code>
            ),
          },
        ]}
      />
    </>
  );
}
