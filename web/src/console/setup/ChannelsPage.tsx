import { Badge, Button, Code, Group, MultiSelect, Select, Stack, Text } from "@mantine/core";
import { api } from "../../api/client";
import type { Channel, CreateChannel, Page } from "../../api/types";
import { type CreateDialogProps, FormModal, useCreateDialog } from "../../ui/FormModal";
import { humanize } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations, usePriceLists } from "../reference";

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
