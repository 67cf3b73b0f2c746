import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { FulfillmentOrder, FulfillmentOrderStatus, Page, PickList } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { day, humanize } from "../../ui/format";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { age, documentUrl, isReady, linesSummary } from "./station";

type Tab = "new" | "accepted" | "in_progress" | "ready";
const TABS: Array<{ value: Tab; label: string }> = [
  { value: "new", label: "New" },
  { value: "accepted", label: "Accepted" },
  { value: "in_progress", label: "In progress" },
  { value: "ready", label: "Ready" },
];

function useByStatus(locationId: string, status: FulfillmentOrderStatus) {
  return useQuery({
    queryKey: ["fulfillment_orders", { location_id: locationId, status }],
    queryFn: ({ signal }) =>
      api.get<Page<FulfillmentOrder>>(
        "/v1/fulfillment_orders",
        { location_id: locationId, status, limit: 200 },
        signal,
      ),
    refetchInterval: 30_000,
  });
}

/** The location's work: new, accepted, being picked and picked (ready to pack), oldest first. */
export function FulfillmentQueue({ locationId }: { locationId: string }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>("new");
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<FulfillmentOrder | null>(null);
  const [reason, setReason] = useState("");
  const [pickList, setPickList] = useState<string[] | null>(null);
  const open = useByStatus(locationId, "open");
  const accepted = useByStatus(locationId, "accepted");
  const inProgress = useByStatus(locationId, "in_progress");
  const progress = inProgress.data?.data ?? [];
  const rows: Record<Tab, FulfillmentOrder[] | undefined> = {
    new: open.data?.data,
    accepted: accepted.data?.data,
    in_progress: inProgress.data ? progress.filter((f) => !isReady(f)) : undefined,
    ready: inProgress.data ? progress.filter(isReady) : undefined,
  };
  const error = open.error ?? accepted.error ?? inProgress.error;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["fulfillment_orders"] });
  const accept = useMutation({
    mutationFn: (fo: FulfillmentOrder) =>
      api.post<FulfillmentOrder>(`/v1/fulfillment_orders/${fo.id}/accept`),
    onSuccess: refresh,
  });
  const list = [...(rows[tab] ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...new Set([...s, id])] : s.filter((x) => x !== id)));
  const write = can("fulfillment:write");
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)}>
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value} data-testid={`queue-tab-${t.value}`}>
                {t.label}{" "}
                <Badge size="sm" variant="light" circle={false} ml={4} data-testid={`queue-count-${t.value}`}>
                  {rows[t.value]?.length ?? "…"}
                </Badge>
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Button
          variant="default"
          disabled={selected.length === 0}
          onClick={() => setPickList(selected)}
          data-testid="batch-pick-list"
        >
          Pick list for {selected.length}
        </Button>
      </Group>
      <ProblemAlert error={error ?? accept.error} />
      <Paper withBorder radius="md">
        <ScrollArea type="auto">
          <Table striped highlightOnHover verticalSpacing="xs" miw={760} data-testid="fulfillment-queue">
            <Table.Caption className="visually-hidden">{`${humanize(tab)} fulfillment orders`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <span className="visually-hidden">Select</span>
                </Table.Th>
                <Table.Th>Order</Table.Th>
                <Table.Th>Ship by</Table.Th>
                <Table.Th>Lines</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Age</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {!rows[tab] &&
                [0, 1, 2].map((i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={7}>
                      <Skeleton h={14} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              {rows[tab] && list.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="lg" data-testid="empty">
                      Nothing here
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.map((fo) => (
                <Table.Tr key={fo.id} data-testid={`fo-row-${fo.id}`}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${fo.id}`}
                      checked={selected.includes(fo.id)}
                      onChange={(e) => toggle(fo.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/warehouse/${fo.id}`} size="sm" ff="monospace">
                      {fo.order_id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{day(fo.promised_ship_date)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{linesSummary(fo)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{humanize(fo.fulfillment_type)}</Text>
                  </Table.Td>
                  <Table.Td className="num">{age(fo.created_at)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {write && fo.allowed_actions.includes("accept") && (
                        <Button
                          size="xs"
                          loading={accept.isPending && accept.variables?.id === fo.id}
                          onClick={() => accept.mutate(fo)}
                          aria-label={`Accept ${fo.id}`}
                        >
                          Accept
                        </Button>
                      )}
                      {write && fo.allowed_actions.includes("reject") && (
                        <Button
                          size="xs"
                          color="red"
                          variant="subtle"
                          onClick={() => setRejecting(fo)}
                          aria-label={`Reject ${fo.id}`}
                        >
                          Reject
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        component={Link}
                        to={`/warehouse/${fo.id}`}
                        aria-label={`Open ${fo.id}`}
                      >
                        Open
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
      <ActionModal
        opened={rejecting !== null}
        onClose={() => setRejecting(null)}
        title="Reject the fulfillment order"
        confirmLabel="Reject"
        color="red"
        action={() => api.post(`/v1/fulfillment_orders/${rejecting?.id}/reject`, { reason })}
        onDone={() => {
          setReason("");
          setSelected((s) => s.filter((x) => x !== rejecting?.id));
          refresh();
        }}
      >
        {(errors) => (
          <>
            <Text size="sm">The order goes back to sourcing, to be fulfilled from another location.</Text>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={2}
              value={reason}
              error={errors.reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          </>
        )}
      </ActionModal>
      {pickList && <PickListDialog ids={pickList} onClose={() => setPickList(null)} />}
    </Stack>
  );
}

function PickListDialog({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const list = useQuery({
    queryKey: ["pick_list", ids],
    queryFn: ({ signal }) =>
      api.get<PickList>("/v1/pick_list", { fulfillment_order_ids: ids.join(",") }, signal),
  });
  return (
    <Modal opened onClose={onClose} title={`Pick list for ${ids.length}`} size="xl" centered>
      <Stack>
        <ProblemAlert error={list.error} />
        {list.isPending ? (
          <Skeleton h={160} />
        ) : (
          list.data && (
            <Table data-testid="pick-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Bin</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th ta="right">Qty</Table.Th>
                  <Table.Th>For</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.lines.map((l) => (
                  <Table.Tr key={l.sku}>
                    <Table.Td>{l.bin ?? "—"}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{l.product_title}</Text>
                      <Text size="xs" c="dimmed">
                        {[l.variant_title, l.sku, l.barcode].filter(Boolean).join(" · ")}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="num">
                      {l.quantity}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {l.picks.map((p) => `#${p.order_number} ×${p.quantity}`).join(", ")}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        )}
        <Group justify="flex-end">
          <Button component="a" href={documentUrl.pickList(ids)} target="_blank" rel="noopener">
            Print pick list (PDF)
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
