import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type {
  Channel,
  CreateChannel,
  CreatedWebhookEndpoint,
  CreateLocation,
  Location,
  OrdoEvent,
  Page,
  Product,
  WebhookDelivery,
  WebhookEndpoint,
} from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { type CreateDialogProps, FormModal, useCreateDialog } from "../../ui/FormModal";
import { humanize, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations, usePriceLists } from "../reference";

export function CatalogPage() {
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return (
    <Stack gap="md">
      <PageHeader title="Catalog" subtitle="Products and their variants (SKUs)" />
      <TextInput
        label="Search"
        placeholder="SKU, barcode or title"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={360}
      />
      <PagedTable<Product>
        caption="Products"
        queryKey={["products", debounced]}
        fetchPage={(cursor, signal) =>
          api.get<Page<Product>>("/v1/products", { q: debounced || undefined, cursor, limit: 50 }, signal)
        }
        rowKey={(p) => p.id}
        empty="No products match"
        columns={[
          {
            key: "title",
            header: "Product",
            render: (p) => (
              <Text fw={600} size="sm">
                {p.title}
              </Text>
            ),
          },
          { key: "vendor", header: "Vendor", render: (p) => p.vendor ?? "—" },
          { key: "type", header: "Type", render: (p) => p.product_type ?? "—" },
          {
            key: "variants",
            header: "Variants",
            render: (p) => (
              <Group gap={4}>
                {p.variants.map((v) => (
                  <Badge
                    key={v.id}
                    variant="outline"
                    size="sm"
                    color={v.is_kit ? "grape" : "gray"}
                    title={v.title}
                  >
                    {v.sku}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            key: "status",
            header: "Status",
            render: (p) => (
              <Badge variant="light" color={p.status === "active" ? "green" : "gray"}>
                {p.status}
              </Badge>
            ),
          },
        ]}
      />
    </Stack>
  );
}

export function LocationsPage() {
  const { can } = useAuth();
  const create = useCreateDialog([["locations"], ["ref", "locations"]]);
  return (
    <Stack gap="md">
      <PageHeader
        title="Locations"
        subtitle="Warehouses, stores and drop-ship vendors"
        actions={can("settings:write") ? <Button onClick={create.open}>New location</Button> : undefined}
      />
      <CreateLocationModal {...create.dialog} />
      <PagedTable<Location>
        caption="Locations"
        queryKey={["locations"]}
        fetchPage={(cursor, signal) =>
          api.get<Page<Location>>("/v1/locations", { cursor, limit: 100 }, signal)
        }
        rowKey={(l) => l.id}
        empty="No locations yet"
        columns={[
          { key: "code", header: "Code", render: (l) => <Code>{l.code}</Code> },
          { key: "name", header: "Name", render: (l) => l.name },
          { key: "type", header: "Type", render: (l) => humanize(l.type) },
          {
            key: "where",
            header: "Where",
            render: (l) => [l.city, l.region, l.country].filter(Boolean).join(", "),
          },
          { key: "caps", header: "Capabilities", render: (l) => l.capabilities.map(humanize).join(", ") },
          { key: "cap", header: "Daily capacity", align: "right", render: (l) => l.daily_capacity ?? "—" },
          {
            key: "active",
            header: "Status",
            render: (l) => (
              <Badge variant="light" color={l.active ? "green" : "gray"}>
                {l.active ? "active" : "inactive"}
              </Badge>
            ),
          },
        ]}
      />
    </Stack>
  );
}

const LOCATION_TYPES: CreateLocation["type"][] = ["warehouse", "store", "dropship"];
const CAPABILITIES: NonNullable<CreateLocation["capabilities"]> = [
  "ship",
  "pickup",
  "local_delivery",
  "returns",
];

/** A new location: where it is decides which orders it serves (distance, tax region, time zone). */
function CreateLocationModal(dialog: CreateDialogProps) {
  const blank: CreateLocation = {
    code: "",
    name: "",
    type: "warehouse",
    country: "US",
    region: "",
    city: "",
    postal_code: "",
    capabilities: ["ship"],
  };
  return (
    <FormModal
      {...dialog}
      title="New location"
      confirmLabel="Create location"
      blank={blank}
      submit={(form) =>
        api.create<Location>("/v1/locations", {
          ...form,
          region: form.region || undefined,
          city: form.city || undefined,
          postal_code: form.postal_code || undefined,
        })
      }
    >
      {({ form, set, errors, text }) => (
        <>
          <Group grow>
            {text("code", {
              label: "Code",
              description: "Short and unique, used in files and the API",
              required: true,
            })}
            <Select
              label="Type"
              data={LOCATION_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
              value={form.type}
              allowDeselect={false}
              onChange={(v) => v && set({ type: v as CreateLocation["type"] })}
            />
          </Group>
          {text("name", { label: "Name", required: true })}
          <Group grow>
            {text("country", { label: "Country", description: "ISO code, e.g. US", required: true }, (v) =>
              v.toUpperCase(),
            )}
            {text("region", { label: "Region" })}
          </Group>
          <Group grow>
            {text("city", { label: "City" })}
            {text("postal_code", { label: "Postal code" })}
          </Group>
          <Checkbox.Group
            label="Capabilities"
            value={form.capabilities ?? []}
            error={errors.capabilities}
            onChange={(v) => set({ capabilities: v as NonNullable<CreateLocation["capabilities"]> })}
          >
            <Group mt={4}>
              {CAPABILITIES.map((c) => (
                <Checkbox key={c} value={c} label={humanize(c)} />
              ))}
            </Group>
          </Checkbox.Group>
        </>
      )}
    </FormModal>
  );
}

export function ChannelsPage() {
  const locations = useLocations();
  const { can } = useAuth();
  const create = useCreateDialog([["channels"], ["ref", "channels"]]);
  return (
    <Stack gap="md">
      <PageHeader
        title="Channels"
        subtitle="Where orders come from, each with its currency, prices and locations"
        actions={can("settings:write") ? <Button onClick={create.open}>New channel</Button> : undefined}
      />
      <CreateChannelModal {...create.dialog} />
      <PagedTable<Channel>
        caption="Channels"
        queryKey={["channels"]}
        fetchPage={(cursor, signal) => api.get<Page<Channel>>("/v1/channels", { cursor, limit: 100 }, signal)}
        rowKey={(c) => c.id}
        empty="No channels yet"
        columns={[
          { key: "code", header: "Code", render: (c) => <Code>{c.code}</Code> },
          { key: "name", header: "Name", render: (c) => c.name },
          { key: "type", header: "Type", render: (c) => humanize(c.type) },
          { key: "currency", header: "Currency", render: (c) => c.currency },
          {
            key: "locs",
            header: "Fulfils from",
            render: (c) => (
              <Text size="xs">{c.location_ids.map((id) => locations.code(id)).join(", ") || "—"}</Text>
            ),
          },
          {
            key: "active",
            header: "Status",
            render: (c) => (
              <Badge variant="light" color={c.active ? "green" : "gray"}>
                {c.active ? "active" : "inactive"}
              </Badge>
            ),
          },
        ]}
      />
    </Stack>
  );
}

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

const CHANNEL_TYPES: CreateChannel["type"][] = [
  "web",
  "mobile",
  "pos",
  "call_center",
  "marketplace",
  "b2b",
  "kiosk",
];

/** A new sales channel: its currency, the price list it sells at and the locations that fulfil it. */
function CreateChannelModal(dialog: CreateDialogProps) {
  const locations = useLocations();
  const priceLists = usePriceLists();
  const blank: CreateChannel = { code: "", name: "", type: "web", currency: "USD", location_ids: [] };
  return (
    <FormModal
      {...dialog}
      title="New channel"
      confirmLabel="Create channel"
      blank={blank}
      submit={(form) => api.create<Channel>("/v1/channels", form)}
    >
      {({ form, set, errors, text }) => (
        <>
          <Group grow>
            {text("code", { label: "Code", required: true })}
            <Select
              label="Type"
              data={CHANNEL_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
              value={form.type}
              allowDeselect={false}
              onChange={(v) => v && set({ type: v as CreateChannel["type"] })}
            />
          </Group>
          {text("name", { label: "Name", required: true })}
          <Group grow>
            {text("currency", { label: "Currency", description: "ISO code, e.g. USD", required: true }, (v) =>
              v.toUpperCase(),
            )}
            <Select
              label="Price list"
              placeholder="None"
              data={priceLists}
              value={form.price_list_id ?? null}
              error={errors.price_list_id}
              clearable
              onChange={(v) => set({ price_list_id: v })}
            />
          </Group>
          <MultiSelect
            label="Fulfils from"
            description="Locations that may ship or hand over this channel's orders"
            data={locations.options}
            value={form.location_ids ?? []}
            error={errors.location_ids}
            searchable
            onChange={(v) => set({ location_ids: v })}
          />
        </>
      )}
    </FormModal>
  );
}
