import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api/client";
import type { CaseType, PortalCase, TrackingView } from "../api/types";
import { when } from "../ui/format";
import { fieldErrors, ProblemAlert } from "../ui/Problem";

/** What proves the order: the same number and e-mail the customer tracked it with. */
export interface Proof {
  number: string;
  email: string;
}

const TOPICS: Array<{ value: CaseType; label: string }> = [
  { value: "where_is_my_order", label: "Where is my order?" },
  { value: "damaged", label: "An item arrived damaged" },
  { value: "wrong_item", label: "I received the wrong item" },
  { value: "return_question", label: "A question about a return" },
  { value: "other", label: "Something else" },
];

const STATUS_COLORS: Record<PortalCase["status"], string> = {
  new: "blue",
  open: "blue",
  awaiting_customer: "orange",
  resolved: "green",
  closed: "gray",
};

/** "Contact us about this order": the customer's requests about it, and a form for a new one. */
export function ContactUs({ proof, view }: { proof: Proof; view: TrackingView }) {
  const key = ["portal-cases", proof.number, proof.email];
  const queryClient = useQueryClient();
  const cases = useQuery({
    queryKey: key,
    queryFn: () => api.post<{ data: PortalCase[] }>("/v1/tracking/cases/lookup", proof),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const list = cases.data?.data ?? [];
  return (
    <Paper withBorder p="lg" radius="md" data-testid="contact-us">
      <Stack>
        <Title order={2} size="h3">
          Contact us about this order
        </Title>
        <ProblemAlert error={cases.error} />
        {list.map((c) => (
          <CaseThread key={c.reference} c={c} proof={proof} onChange={refresh} />
        ))}
        {list.length > 0 && <Divider label="Ask something else" labelPosition="left" />}
        <NewRequest proof={proof} view={view} onDone={refresh} />
      </Stack>
    </Paper>
  );
}

function CaseThread({ c, proof, onChange }: { c: PortalCase; proof: Proof; onChange: () => void }) {
  const [message, setMessage] = useState("");
  const send = useMutation({
    mutationFn: () =>
      api.create<PortalCase>(`/v1/tracking/cases/${encodeURIComponent(c.reference)}/messages`, {
        ...proof,
        message,
      }),
    onSuccess: () => {
      setMessage("");
      onChange();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`portal-case-${c.reference}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={600}>{c.subject}</Text>
            <Text size="xs" c="dimmed">
              {c.reference} · {when(c.created_at)}
            </Text>
          </div>
          <Badge color={STATUS_COLORS[c.status]} variant="light">
            {c.status_label}
          </Badge>
        </Group>
        {c.messages.map((m) => (
          <Paper
            key={`${m.created_at}-${m.from}`}
            p="xs"
            radius="sm"
            bg={m.from === "you" ? "gray.0" : "blue.0"}
            ml={m.from === "you" ? 0 : "lg"}
            mr={m.from === "you" ? "lg" : 0}
          >
            <Text size="xs" c="dimmed">
              {m.from === "you" ? "You" : m.author_name} · {when(m.created_at)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {m.body}
            </Text>
          </Paper>
        ))}
        {c.status !== "closed" && (
          <form onSubmit={submit} aria-label={`Write about ${c.reference}`}>
            <Stack gap="xs">
              <Textarea
                aria-label="Your message"
                placeholder={
                  c.status === "awaiting_customer" ? "We are waiting for your answer…" : "Add a message…"
                }
                autosize
                minRows={2}
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
              />
              <ProblemAlert error={send.error} title="Not sent" />
              <Group justify="flex-end">
                <Button type="submit" size="xs" loading={send.isPending} disabled={!message.trim()}>
                  Send
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

function NewRequest({ proof, view, onDone }: { proof: Proof; view: TrackingView; onDone: () => void }) {
  const [type, setType] = useState<CaseType>("where_is_my_order");
  const [subject, setSubject] = useState("");
  const [message, setMessage] = useState("");
  const [skus, setSkus] = useState<string[]>([]);
  const open = useMutation({
    mutationFn: () =>
      api.create<PortalCase>("/v1/tracking/cases", {
        ...proof,
        type,
        subject: subject.trim() || (TOPICS.find((t) => t.value === type)?.label ?? "Question"),
        message,
        skus: skus.length ? skus : undefined,
      }),
    onSuccess: () => {
      setSubject("");
      setMessage("");
      setSkus([]);
      onDone();
    },
  });
  const errors = fieldErrors(open.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate();
  };
  const aboutItems = type === "damaged" || type === "wrong_item" || type === "return_question";
  return (
    <form onSubmit={submit} aria-label="Contact us about this order">
      <Stack gap="sm">
        <Select
          label="What is it about?"
          allowDeselect={false}
          data={TOPICS}
          value={type}
          onChange={(v) => v && setType(v as CaseType)}
        />
        {aboutItems && view.items.length > 1 && (
          <Checkbox.Group label="Which items?" value={skus} onChange={setSkus}>
            <Stack gap={4} mt={4}>
              {view.items.map((item) => (
                <Checkbox key={item.sku} value={item.sku} label={item.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <TextInput
          label="Subject"
          placeholder="Optional"
          maxLength={200}
          value={subject}
          error={errors.subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
        <Textarea
          label="Your message"
          required
          autosize
          minRows={3}
          value={message}
          error={errors.message}
          onChange={(e) => setMessage(e.currentTarget.value)}
        />
        <ProblemAlert error={open.error} title="We could not send your message" />
        {open.isSuccess && (
          <Text size="sm" c="green.8" role="status">
            Thank you: we received your message ({open.data.reference}). We will answer you here.
          </Text>
        )}
        <Group>
          <Button type="submit" loading={open.isPending} disabled={!message.trim()}>
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
