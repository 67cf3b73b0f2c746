import { Anchor, Badge, Group, Select, Stack, Tabs, Text } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import type { Page, Return, ReturnListQuery, ReturnStatus } from "../../api/types";
import { humanize, money, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useChannels } from "../reference";
import { RETURN_STATUS_COLORS, RETURN_STATUSES, returnItems, useReceivingLocations } from "./returns";

export function ReturnStatusBadge({ status, size }: { status: ReturnStatus; size?: string }) {
  return (
    <Badge color={RETURN_STATUS_COLORS[status]} variant="light" size={size} data-testid="return-status">
      {humanize(status)}
    </Badge>
  );
}

/** What a return gives back: refunded, or due once received. */
export function refundText(r: Return, currency: string | undefined): string {
  if (r.refunded_amount !== null) return `${money(r.refunded_amount, currency)} refunded`;
  if (r.refund_due !== null) return `${money(r.refund_due, currency)} due`;
  return "—";
}

/** Every return (RMA), by status and receiving location, newest first. */
export function ReturnList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as ReturnStatus | "";
  const locationId = params.get("location_id") ?? "";
  const channels = useChannels();
  const locations = useReceivingLocations();
  const currencyOf = (channelId: string) => channels.list.find((c) => c.id === channelId)?.currency;
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query: ReturnListQuery = {
    status: status || undefined,
    location_id: locationId || undefined,
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Returns"
        subtitle="Returns asked for by customers and agents: approve, receive at a warehouse or a store, refund"
      />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Tabs value={status || "all"} onChange={(v) => setFilter("status", !v || v === "all" ? null : v)}>
          <Tabs.List aria-label="Return status">
            <Tabs.Tab value="all" data-testid="returns-tab-all">
              All
            </Tabs.Tab>
            {RETURN_STATUSES.map((s) => (
              <Tabs.Tab key={s} value={s} data-testid={`returns-tab-${s}`}>
                {humanize(s)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          label="Receiving location"
          placeholder="Anywhere"
          clearable
          searchable
          w={260}
          data={locations.receiving}
          value={locationId || null}
          onChange={(v) => setFilter("location_id", v)}
        />
      </Group>
      <PagedTable<Return>
        queryKey={["returns", query]}
        caption="Returns"
        fetchPage={(cursor, signal) =>
          api.get<Page<Return>>("/v1/returns", { ...query, cursor, limit: 50 }, signal)
        }
        rowKey={(r) => r.id}
        empty={status ? `No ${humanize(status).toLowerCase()} returns` : "No returns yet"}
        columns={[
          {
            key: "reference",
            header: "Return",
            render: (r) => (
              <Anchor
                component={Link}
                to={`/returns/${r.id}`}
                ff="monospace"
                size="sm"
                style={{ whiteSpace: "nowrap" }}
              >
                {r.reference}
              </Anchor>
            ),
          },
          {
            key: "order",
            header: "Order",
            render: (r) => (
              <Anchor component={Link} to={`/orders/${r.order_id}`} size="sm">
                #{r.order_number}
              </Anchor>
            ),
          },
          {
            key: "items",
            header: "Items",
            render: (r) => (
              <Text size="sm" lineClamp={2}>
                {returnItems(r)}
              </Text>
            ),
          },
          { key: "status", header: "Status", render: (r) => <ReturnStatusBadge status={r.status} /> },
          {
            key: "refund",
            header: "Refund",
            align: "right",
            render: (r) => (
              <Text size="sm" className="num" style={{ whiteSpace: "nowrap" }}>
                {refundText(r, currencyOf(r.channel_id))}
              </Text>
            ),
          },
          {
            key: "location",
            header: "Receiving at",
            render: (r) => <Text size="sm">{locations.name(r.location_id)}</Text>,
          },
          {
            key: "created",
            header: "Requested",
            render: (r) => (
              <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                {when(r.created_at)}
                <Text span size="xs" c="dimmed">
                  {" "}
                  · {humanize(r.source)}
                </Text>
              </Text>
            ),
          },
        ]}
      />
    </Stack>
  );
}
