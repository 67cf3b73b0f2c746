import { Badge, Button, Code, Select, Stack, Tabs, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { CreatedWebhookEndpoint, Page, WebhookDelivery, WebhookEndpoint } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";

export function WebhooksPage() {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState("order.*");
  const [status, setStatus] = useState<string | null>(null);
  const [redelivering, setRedelivering] = useState<WebhookDelivery | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["webhook_endpoints"] });
    void queryClient.invalidateQueries({ queryKey: ["webhook_deliveries"] });
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Webhooks"
        subtitle="Signed HTTP callbacks (Standard Webhooks) with retries and dead letters"
        actions={can("webhooks:manage") && <Button onClick={() => setCreating(true)}>New endpoint</Button>}
      />
      {created && (
        <Text size="sm" c="green.9">
          Endpoint created. Its signing secret: <Code>{created.secret}</Code>
        </Text>
      )}
      <Tabs defaultValue="endpoints" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="endpoints">Endpoints</Tabs.Tab>
          <Tabs.Tab value="deliveries">Deliveries</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="endpoints" pt="md">
          <PagedTable<WebhookEndpoint>
            caption="Webhook endpoints"
            queryKey={["webhook_endpoints"]}
            fetchPage={(cursor, signal) =>
              api.get<Page<WebhookEndpoint>>("/v1/webhook_endpoints", { cursor, limit: 50 }, signal)
            }
            rowKey={(w) => w.id}
            empty="No webhook endpoints yet"
            columns={[
              { key: "url", header: "URL", render: (w) => <Code>{w.url}</Code> },
              { key: "types", header: "Events", render: (w) => w.event_types.join(", ") },
              {
                key: "status",
                header: "Status",
                render: (w) => (
                  <Badge
                    variant="light"
                    color={w.status === "enabled" ? (w.consecutive_failures ? "orange" : "green") : "gray"}
                  >
                    {w.status}
                    {w.consecutive_failures ? ` · ${w.consecutive_failures} failures` : ""}
                  </Badge>
                ),
              },
              { key: "created", header: "Created", render: (w) => when(w.created_at) },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="deliveries" pt="md">
          <Select
            label="Status"
            placeholder="All"
            clearable
            data={["pending", "succeeded", "dead"]}
            value={status}
            onChange={setStatus}
            w={200}
            mb="sm"
          />
          <PagedTable<WebhookDelivery>
            caption="Webhook deliveries"
            queryKey={["webhook_deliveries", status]}
            fetchPage={(cursor, signal) =>
              api.get<Page<WebhookDelivery>>(
                "/v1/webhook_deliveries",
                { status: status ?? undefined, cursor, limit: 50 },
                signal,
              )
            }
            rowKey={(d) => d.id}
            empty="No deliveries"
            columns={[
              { key: "at", header: "Created", render: (d) => when(d.created_at), width: 170 },
              { key: "type", header: "Event", render: (d) => <Code>{d.event_type}</Code> },
              {
                key: "status",
                header: "Status",
                render: (d) => (
                  <Badge variant="light" color={statusColor(d.status)}>
                    {d.status}
                  </Badge>
                ),
              },
              { key: "attempts", header: "Attempts", align: "right", render: (d) => d.attempts },
              {
                key: "last",
                header: "Last answer",
                render: (d) => (
                  <Text size="xs">
                    {d.last_response_status ?? d.last_error ?? "—"}
                    {d.last_response_ms !== null ? ` in ${d.last_response_ms} ms` : ""}
                  </Text>
                ),
              },
              {
                key: "actions",
                header: <span className="visually-hidden">Actions</span>,
                align: "right",
                render: (d) =>
                  can("webhooks:manage") &&
                  d.status !== "pending" && (
                    <Button size="xs" variant="subtle" onClick={() => setRedelivering(d)}>
                      Redeliver
                    </Button>
                  ),
              },
            ]}
          />
        </Tabs.Panel>
      </Tabs>
      <ActionModal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New webhook endpoint"
        confirmLabel="Create endpoint"
        action={() =>
          api.create<CreatedWebhookEndpoint>("/v1/webhook_endpoints", {
            url: url.trim(),
            event_types: types
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
          })
        }
        onDone={(w) => {
          setCreated(w as CreatedWebhookEndpoint);
          refresh();
        }}
      >
        {(errors) => (
          <>
            <TextInput
              label="URL"
              required
              placeholder="https://example.com/hooks/ordo"
              value={url}
              error={errors.url}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
            <TextInput
              label="Event types"
              description="Comma-separated: order.created, order.*, or *"
              value={types}
              error={errors.event_types ?? errors["event_types.0"]}
              onChange={(e) => setTypes(e.currentTarget.value)}
            />
          </>
        )}
      </ActionModal>
      <ActionModal
        opened={redelivering !== null}
        onClose={() => setRedelivering(null)}
        title="Redeliver webhook"
        confirmLabel="Redeliver"
        action={() => api.post(`/v1/webhook_deliveries/${redelivering?.id}/redeliver`)}
        onDone={refresh}
      >
        <Text size="sm">Send {redelivering?.event_type} to the endpoint again?</Text>
      </ActionModal>
    </Stack>
  );
}
