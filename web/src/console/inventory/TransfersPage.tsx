import { Badge, Button, Group, Select, Stack, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Page, Transfer } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useAuth } from "../auth";
import { useLocations } from "../reference";
import { type LineDraft, LinesEditor, linesText, ReceiveDialog, toLines } from "./inboundLines";
import { invalidateInventory } from "./Levels";

export function TransfersPage() {
  const { can } = useAuth();
  const locations = useLocations();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<Transfer | null>(null);
  const [shipping, setShipping] = useState<Transfer | null>(null);
  const [origin, setOrigin] = useState<string | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  const [lines, setLines] = useState<LineDraft[]>([{ sku: "", quantity: 1 }]);
  const [note, setNote] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["transfers"] });
    invalidateInventory(queryClient);
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Transfers"
        subtitle="Stock moving between locations; in transit it is incoming at the destination"
        actions={can("inventory:write") && <Button onClick={() => setCreating(true)}>New transfer</Button>}
      />
      <PagedTable<Transfer>
        caption="Transfers"
        queryKey={["transfers"]}
        fetchPage={(cursor, signal) =>
          api.get<Page<Transfer>>("/v1/transfers", { cursor, limit: 50 }, signal)
        }
        rowKey={(t) => t.id}
        empty="No transfers yet"
        columns={[
          { key: "created", header: "Created", render: (t) => when(t.created_at), width: 170 },
          { key: "from", header: "From", render: (t) => locations.name(t.origin_location_id) },
          { key: "to", header: "To", render: (t) => locations.name(t.destination_location_id) },
          {
            key: "lines",
            header: "Received / sent",
            render: (t) => <Text size="xs">{linesText(t.lines)}</Text>,
          },
          {
            key: "status",
            header: "Status",
            render: (t) => (
              <Badge variant="light" color={statusColor(t.status)}>
                {humanize(t.status)}
              </Badge>
            ),
          },
          {
            key: "actions",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (t) =>
              can("inventory:write") && (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {t.status === "draft" && (
                    <Button size="xs" variant="subtle" onClick={() => setShipping(t)}>
                      Ship
                    </Button>
                  )}
                  {(t.status === "in_transit" || t.status === "partially_received") && (
                    <Button size="xs" variant="subtle" onClick={() => setReceiving(t)}>
                      Receive
                    </Button>
                  )}
                </Group>
              ),
          },
        ]}
      />
      <ActionModal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New transfer"
        confirmLabel="Create draft transfer"
        size="lg"
        action={() =>
          api.create<Transfer>("/v1/transfers", {
            origin_location_id: origin ?? "",
            destination_location_id: destination ?? "",
            lines: toLines(lines),
            ...(note.trim() ? { note } : {}),
          })
        }
        onDone={() => {
          setLines([{ sku: "", quantity: 1 }]);
          setNote("");
          refresh();
        }}
      >
        {(errors) => (
          <>
            <Group grow>
              <Select
                label="From"
                required
                searchable
                data={locations.options}
                value={origin}
                onChange={setOrigin}
                error={errors.origin_location_id}
              />
              <Select
                label="To"
                required
                searchable
                data={locations.options}
                value={destination}
                onChange={setDestination}
                error={errors.destination_location_id}
              />
            </Group>
            <LinesEditor lines={lines} onChange={setLines} errors={errors} />
            <Textarea label="Note" autosize value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </>
        )}
      </ActionModal>
      <ActionModal
        opened={shipping !== null}
        onClose={() => setShipping(null)}
        title="Ship transfer"
        confirmLabel="Ship"
        action={() => api.post(`/v1/transfers/${shipping?.id}/ship`, {})}
        onDone={refresh}
      >
        <Text size="sm">
          {shipping &&
            `${linesText(shipping.lines)} leave ${locations.name(shipping.origin_location_id)} now.`}
        </Text>
      </ActionModal>
      {receiving && (
        <ReceiveDialog
          title={`Receive at ${locations.name(receiving.destination_location_id)}`}
          path={`/v1/transfers/${receiving.id}/receive`}
          lines={receiving.lines}
          onClose={() => setReceiving(null)}
          onDone={refresh}
        />
      )}
    </Stack>
  );
}
