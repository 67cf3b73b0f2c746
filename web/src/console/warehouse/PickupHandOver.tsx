import { Alert, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import type { Shipment } from "../../api/types";
import { fieldErrors, ProblemAlert } from "../../ui/Problem";
import { problemCode } from "./station";

/**
 * Handing a pickup order over at the counter: the customer tells the order number and shows the
 * pickup code from their e-mail (or their last name, as on the order).
 */
export function PickupHandOver({ shipment, onDone }: { shipment: Shipment; onDone: () => void }) {
  const [orderNumber, setOrderNumber] = useState("");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const handOver = useMutation({
    mutationFn: () =>
      api.post<Shipment>(`/v1/shipments/${shipment.id}/hand_over`, {
        order_number: Number(orderNumber.replace(/^#/, "")),
        ...(code.trim() ? { pickup_code: code.trim() } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      }),
    onSuccess: () => {
      setOrderNumber("");
      setCode("");
      setName("");
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    handOver.mutate();
  };
  const errors = fieldErrors(handOver.error);
  const refused = problemCode(handOver.error) === "pickup-verification-failed";
  return (
    <Paper withBorder p="sm" bg="gray.0" data-testid="hand-over">
      <form onSubmit={submit} aria-label="Hand over to the customer">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Hand over to the customer
          </Text>
          <Group grow align="flex-start">
            <TextInput
              label="Order number"
              required
              inputMode="numeric"
              value={orderNumber}
              error={errors.order_number}
              onChange={(e) => setOrderNumber(e.currentTarget.value)}
            />
            <TextInput
              label="Pickup code"
              inputMode="numeric"
              maxLength={6}
              value={code}
              error={errors.pickup_code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <TextInput
              label="Or last name"
              value={name}
              error={errors.name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          </Group>
          {refused ? (
            <Alert
              color="red"
              variant="filled"
              role="alert"
              title="Not verified"
              data-testid="hand-over-refused"
            >
              {(handOver.error as Error).message || "The order number and code or name do not match."} Do not
              hand the package over.
            </Alert>
          ) : (
            <ProblemAlert error={handOver.error} title="Not handed over" />
          )}
          <Group>
            <Button
              type="submit"
              loading={handOver.isPending}
              disabled={!orderNumber.trim() || (!code.trim() && !name.trim())}
            >
              Hand over
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
