import {
  Autocomplete,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import type { AddressInput, CreateOrder, Order, Page, Variant } from "../../api/types";
import { PageHeader } from "../../ui/PageHeader";
import { fieldErrors, ProblemAlert } from "../../ui/Problem";
import { useChannels } from "../reference";
import { AddressFields, cleanAddress } from "./OrderDetail";

interface LineDraft {
  sku: string;
  quantity: number;
}

/** An agent takes an order on the phone: call-center channel by default. */
export function NewOrder() {
  const navigate = useNavigate();
  const channels = useChannels();
  const callCenter = channels.list.find((c) => c.type === "call_center")?.code;
  const [channel, setChannel] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [address, setAddress] = useState<AddressInput>({ line1: "", city: "", country: "US" });
  const [lines, setLines] = useState<LineDraft[]>([{ sku: "", quantity: 1 }]);
  const [notes, setNotes] = useState("");
  const [draft, setDraft] = useState(false);
  const chosenChannel = channel ?? callCenter ?? null;
  const create = useMutation({
    mutationFn: () => {
      const body: CreateOrder = {
        channel: chosenChannel ?? "",
        email: email.trim(),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        shipping_address: cleanAddress(address),
        lines: lines.filter((l) => l.sku.trim()).map((l) => ({ sku: l.sku.trim(), quantity: l.quantity })),
        ...(notes.trim() ? { notes } : {}),
        ...(draft ? { draft: true } : {}),
      };
      return api.create<Order>("/v1/orders", body);
    },
    onSuccess: (o) => navigate(`/orders/${o.id}`),
  });
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md" maw={900}>
        <PageHeader
          title="New order"
          subtitle="Take an order for a customer; stock is committed when it is placed"
        />
        <Card withBorder>
          <Stack>
            <Group grow wrap="wrap" align="flex-start">
              <Select
                label="Channel"
                data={channels.options}
                value={chosenChannel}
                onChange={setChannel}
                allowDeselect={false}
                error={errors.channel}
                miw={200}
              />
              <TextInput
                label="Customer e-mail"
                type="email"
                required
                value={email}
                error={errors.email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                miw={220}
              />
              <TextInput
                label="Phone"
                value={phone}
                error={errors.phone}
                onChange={(e) => setPhone(e.currentTarget.value)}
                miw={160}
              />
            </Group>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Items
          </Title>
          <Stack gap="xs">
            {lines.map((l, i) => (
              <LineRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                key={i}
                index={i}
                line={l}
                errors={errors}
                onChange={(next) => setLines(lines.map((x, j) => (j === i ? next : x)))}
                onRemove={lines.length > 1 ? () => setLines(lines.filter((_, j) => j !== i)) : undefined}
              />
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setLines([...lines, { sku: "", quantity: 1 }])}
              >
                Add an item
              </Button>
            </Group>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Shipping address
          </Title>
          <AddressFields value={address} onChange={setAddress} errors={errors} prefix="shipping_address" />
        </Card>
        <Card withBorder>
          <Stack>
            <Textarea
              label="Notes"
              autosize
              minRows={2}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
            />
            <Checkbox
              label="Save as a draft (stock is not committed until it is placed)"
              checked={draft}
              onChange={(e) => setDraft(e.currentTarget.checked)}
            />
          </Stack>
        </Card>
        <ProblemAlert error={create.error} title="The order was not created" />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {draft ? "Save draft" : "Place order"}
          </Button>
          <Text size="sm" c="dimmed">
            Prices come from the channel's price list.
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

function LineRow({
  index,
  line,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  line: LineDraft;
  errors: Record<string, string>;
  onChange: (l: LineDraft) => void;
  onRemove?: () => void;
}) {
  const [q] = useDebouncedValue(line.sku.trim(), 200);
  const variants = useQuery({
    queryKey: ["variants", q],
    queryFn: ({ signal }) =>
      api.get<Page<Variant>>("/v1/variants", { q, limit: 10, status: "active" }, signal),
    enabled: q.length >= 2,
    staleTime: 60_000,
  });
  return (
    <Group wrap="nowrap" align="flex-start">
      <Autocomplete
        label={index === 0 ? "SKU" : undefined}
        aria-label={`SKU of item ${index + 1}`}
        placeholder="Type a SKU or product name"
        style={{ flex: 1 }}
        value={line.sku}
        error={errors[`lines.${index}.sku`]}
        onChange={(v) => onChange({ ...line, sku: v })}
        data={(variants.data?.data ?? []).map((v) => ({ value: v.sku, label: `${v.sku} — ${v.title}` }))}
        filter={({ options }) => options}
      />
      <NumberInput
        label={index === 0 ? "Quantity" : undefined}
        aria-label={`Quantity of item ${index + 1}`}
        w={110}
        min={1}
        allowDecimal={false}
        value={line.quantity}
        error={errors[`lines.${index}.quantity`]}
        onChange={(v) => onChange({ ...line, quantity: Number(v) || 1 })}
      />
      {onRemove && (
        <Button
          variant="subtle"
          color="gray"
          mt={index === 0 ? 24 : 0}
          onClick={onRemove}
          aria-label={`Remove item ${index + 1}`}
        >
          Remove
        </Button>
      )}
    </Group>
  );
}
