import { Anchor, Badge, Button, Group, Paper, Radio, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { PackageType, Shipment, ShipmentAction, ShippingRate } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { day, humanize, money, statusColor, when } from "../../ui/format";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { PickupHandOver } from "./PickupHandOver";
import { documentUrl, refreshWork } from "./station";

type Dialog = "label" | "void" | "external" | null;

/** One package: what is in it, its label and tracking, and what can be done with it now. */
export function ShipmentCard({
  shipment: s,
  index,
  box,
}: {
  shipment: Shipment;
  index: number;
  box?: PackageType;
}) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const allows = (a: ShipmentAction) => can("fulfillment:write") && s.allowed_actions.includes(a);
  const done = () => refreshWork(queryClient, s.fulfillment_order_id);
  const act = useMutation({
    mutationFn: (path: "ship" | "unpack" | "ready_for_pickup") =>
      api.post<Shipment>(`/v1/shipments/${s.id}/${path}`),
    onSuccess: done,
  });
  const hasLabel = s.labels.some((l) => l.status === "active");
  const pickup = s.fulfillment_type === "pickup";
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`package-${index}`} data-shipment-id={s.id}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={600}>
              Package {index}{" "}
              <Badge ml={4} color={statusColor(s.status)} variant="light" data-testid="package-status">
                {humanize(s.status)}
              </Badge>
            </Text>
            <Text size="xs" c="dimmed">
              {s.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", ")} · {s.weight_grams} g
              {box ? ` · ${box.name}` : ""}
            </Text>
          </div>
          <Stack gap={0} align="flex-end">
            {s.tracking_number && (
              <Text size="sm">
                {s.carrier ? `${s.carrier} ${s.service ?? ""} · ` : ""}
                {s.tracking_url ? (
                  <Anchor
                    href={s.tracking_url}
                    target="_blank"
                    rel="noopener noreferrer"
                    data-testid="tracking-number"
                  >
                    {s.tracking_number}
                  </Anchor>
                ) : (
                  <span data-testid="tracking-number">{s.tracking_number}</span>
                )}
              </Text>
            )}
            {s.eta && (
              <Text size="xs" c="dimmed" data-testid="package-eta">
                ETA {day(s.eta)}
                {s.tracking_status ? ` · ${humanize(s.tracking_status)}` : ""}
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap="xs">
          {allows("buy_label") && (
            <Button size="xs" onClick={() => setDialog("label")}>
              Buy label
            </Button>
          )}
          {hasLabel && (
            <>
              <Button
                size="xs"
                variant="default"
                component="a"
                href={documentUrl.label(s.id)}
                target="_blank"
                rel="noopener"
              >
                Print label
              </Button>
              <Anchor size="xs" href={documentUrl.label(s.id, "zpl")} target="_blank" rel="noopener">
                ZPL
              </Anchor>
            </>
          )}
          <Button
            size="xs"
            variant="default"
            component="a"
            href={documentUrl.packingSlip(s.id)}
            target="_blank"
            rel="noopener"
          >
            Packing slip
          </Button>
          {allows("void_label") && (
            <Button size="xs" color="red" variant="subtle" onClick={() => setDialog("void")}>
              Void label
            </Button>
          )}
          {allows("ship") && hasLabel && (
            <Button
              size="xs"
              color="teal"
              loading={act.isPending && act.variables === "ship"}
              onClick={() => act.mutate("ship")}
            >
              Ship
            </Button>
          )}
          {allows("ship") && !hasLabel && !pickup && (
            <Button size="xs" variant="subtle" onClick={() => setDialog("external")}>
              Ship with another label
            </Button>
          )}
          {allows("ready_for_pickup") && pickup && (
            <Button
              size="xs"
              loading={act.isPending && act.variables === "ready_for_pickup"}
              onClick={() => act.mutate("ready_for_pickup")}
            >
              Ready for pickup
            </Button>
          )}
          {allows("unpack") && (
            <Button
              size="xs"
              color="gray"
              variant="subtle"
              loading={act.isPending && act.variables === "unpack"}
              onClick={() => act.mutate("unpack")}
            >
              Unpack
            </Button>
          )}
        </Group>
        <ProblemAlert error={act.error} title="That did not work" />
        {allows("hand_over") && <PickupHandOver shipment={s} onDone={done} />}
        {s.tracking_events.length > 0 && (
          <Stack gap={0}>
            {s.tracking_events.map((e) => (
              <Text size="xs" c="dimmed" key={e.id}>
                {when(e.happened_at)} · {humanize(e.status)}
                {e.city ? ` · ${e.city}` : ""}
                {e.message ? ` — ${e.message}` : ""}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
      {dialog === "label" && <BuyLabelDialog shipment={s} onClose={() => setDialog(null)} onDone={done} />}
      <ActionModal
        opened={dialog === "void"}
        onClose={() => setDialog(null)}
        title={`Void the label of package ${index}`}
        confirmLabel="Void label"
        color="red"
        action={() => api.post(`/v1/shipments/${s.id}/void_label`)}
        onDone={done}
      >
        <Text size="sm">The label {s.tracking_number} is refunded and can no longer be used.</Text>
      </ActionModal>
      {dialog === "external" && (
        <ExternalShipDialog shipment={s} onClose={() => setDialog(null)} onDone={done} />
      )}
    </Paper>
  );
}

interface DialogProps {
  shipment: Shipment;
  onClose: () => void;
  onDone: () => void;
}

/** The carriers' rates; rate shopping's choice (cheapest that meets the promise) comes selected. */
function BuyLabelDialog({ shipment, onClose, onDone }: DialogProps) {
  const rates = useQuery({
    queryKey: ["shipments", shipment.id, "rates"],
    queryFn: ({ signal }) =>
      api.get<{ data: ShippingRate[] }>(`/v1/shipments/${shipment.id}/rates`, undefined, signal),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const chosen = rates.data?.data.find((r) => r.chosen);
  const value = picked ?? (chosen ? `${chosen.carrier}|${chosen.service}` : null);
  const rate = rates.data?.data.find((r) => `${r.carrier}|${r.service}` === value);
  return (
    <ActionModal
      opened
      onClose={onClose}
      title="Buy a label"
      confirmLabel="Buy label"
      action={() =>
        api.create<Shipment>(
          `/v1/shipments/${shipment.id}/label`,
          rate && !rate.chosen ? { carrier: rate.carrier, service: rate.service } : {},
        )
      }
      onDone={onDone}
    >
      <ProblemAlert error={rates.error} />
      {rates.isPending ? (
        <Skeleton h={80} />
      ) : (
        <Radio.Group label="Service" value={value} onChange={setPicked}>
          <Stack gap={6} mt={4}>
            {rates.data?.data.map((r) => (
              <Radio
                key={`${r.carrier}|${r.service}`}
                value={`${r.carrier}|${r.service}`}
                label={`${r.service_name} · ${money(r.amount, r.currency)} · arrives ${day(r.estimated_delivery_date)}${
                  r.meets_promise === false ? " · misses the promised date" : ""
                }${r.chosen ? " · best" : ""}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </ActionModal>
  );
}

/** A label bought outside Ordo: its carrier and tracking number go with the package. */
function ExternalShipDialog({ shipment, onClose, onDone }: DialogProps) {
  const [carrier, setCarrier] = useState("");
  const [number, setNumber] = useState("");
  const [url, setUrl] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title="Ship with a label bought elsewhere"
      confirmLabel="Ship"
      action={() =>
        api.post<Shipment>(`/v1/shipments/${shipment.id}/ship`, {
          tracking: { carrier, number, ...(url.trim() ? { url: url.trim() } : {}) },
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <>
          <TextInput
            label="Carrier"
            required
            value={carrier}
            error={errors["tracking.carrier"]}
            onChange={(e) => setCarrier(e.currentTarget.value)}
          />
          <TextInput
            label="Tracking number"
            required
            value={number}
            error={errors["tracking.number"]}
            onChange={(e) => setNumber(e.currentTarget.value)}
          />
          <TextInput
            label="Tracking URL"
            value={url}
            error={errors["tracking.url"]}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}
