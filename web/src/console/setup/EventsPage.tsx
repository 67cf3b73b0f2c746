import { Code, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { api } from "../../api/client";
import type { OrdoEvent, Page } from "../../api/types";
import { when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";

export function EventsPage() {
  const [type, setType] = useState("");
  const [debounced] = useDebouncedValue(type.trim(), 300);
  return (
    <Stack gap="md">
      <PageHeader title="Events" subtitle="Everything that happened, as integrations receive it" />
      <TextInput
        label="Event type"
        placeholder="order.created or order.*"
        value={type}
        onChange={(e) => setType(e.currentTarget.value)}
        maw={320}
      />
      <PagedTable<OrdoEvent>
        caption="Events"
        queryKey={["events", debounced]}
        fetchPage={(cursor, signal) =>
          api.get<Page<OrdoEvent>>("/v1/events", { type: debounced || undefined, cursor, limit: 50 }, signal)
        }
        rowKey={(e) => e.id}
        empty="No events match"
        columns={[
          { key: "at", header: "When", render: (e) => when(e.created_at), width: 170 },
          { key: "type", header: "Type", render: (e) => <Code>{e.type}</Code> },
          { key: "res", header: "Resource", render: (e) => `${e.resource_type} ${e.resource_id}` },
          { key: "actor", header: "By", render: (e) => e.actor_type },
        ]}
      />
    </Stack>
  );
}
