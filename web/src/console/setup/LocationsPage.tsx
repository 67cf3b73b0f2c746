import { Badge, Button, Checkbox, Code, Group, Select, Stack } from "@mantine/core";
import { api } from "../../api/client";
import type { CreateLocation, Location, Page } from "../../api/types";
import { type CreateDialogProps, FormModal, useCreateDialog } from "../../ui/FormModal";
import { humanize } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";

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
