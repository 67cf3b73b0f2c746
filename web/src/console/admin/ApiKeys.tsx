import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
// The scope list is the server's permission list (shared code, not a copy).
import { PERMISSIONS } from "@ordo/domain/permissions.js";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { ApiKey, CreatedApiKey, Page, Scope } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";

const SCOPES: Scope[] = ["*", ...PERMISSIONS];

export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["api_keys"] });
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys for integrations; each carries only the scopes it needs"
        actions={<Button onClick={() => setCreating(true)}>New API key</Button>}
      />
      {created && (
        <Alert color="green" title="API key created" mb="md" withCloseButton onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">Copy it now: this is the only time it is shown.</Text>
            <Group gap="xs">
              <Code data-testid="new-api-key">{created.key}</Code>
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <PagedTable<ApiKey>
        caption="API keys"
        queryKey={["api_keys"]}
        fetchPage={(cursor, signal) => api.get<Page<ApiKey>>("/v1/api_keys", { cursor, limit: 50 }, signal)}
        rowKey={(k) => k.id}
        empty="No API keys yet"
        columns={[
          { key: "name", header: "Name", render: (k) => k.name },
          { key: "prefix", header: "Key", render: (k) => <Code>{k.prefix}…</Code> },
          {
            key: "scopes",
            header: "Scopes",
            render: (k) => (
              <Group gap={4}>
                {k.scopes.map((s) => (
                  <Badge key={s} variant="outline" size="sm">
                    {s === "*" ? "everything" : s}
                  </Badge>
                ))}
              </Group>
            ),
          },
          { key: "used", header: "Last used", render: (k) => when(k.last_used_at) },
          {
            key: "state",
            header: "Status",
            render: (k) =>
              k.revoked_at ? (
                <Badge color="red" variant="light">
                  revoked
                </Badge>
              ) : (
                <Badge color="green" variant="light">
                  active
                </Badge>
              ),
          },
          {
            key: "revoke",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (k) =>
              !k.revoked_at && (
                <Button size="xs" color="red" variant="subtle" onClick={() => setRevoking(k)}>
                  Revoke
                </Button>
              ),
          },
        ]}
      />
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onDone={(k) => {
          setCreated(k);
          refresh();
        }}
      />
      <ActionModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke API key"
        confirmLabel="Revoke"
        color="red"
        action={() => api.post(`/v1/api_keys/${revoking?.id}/revoke`)}
        onDone={refresh}
      >
        <Text>
          Revoke <strong>{revoking?.name}</strong>? Integrations using it stop working at once.
        </Text>
      </ActionModal>
    </>
  );
}

function CreateKeyModal({
  opened,
  onClose,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  onDone: (k: CreatedApiKey) => void;
}) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title="New API key"
      confirmLabel="Create key"
      action={() => api.create<CreatedApiKey>("/v1/api_keys", { name, scopes })}
      onDone={(k) => {
        setName("");
        setScopes([]);
        onDone(k as CreatedApiKey);
      }}
    >
      {(errors) => (
        <>
          <TextInput
            label="Name"
            required
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <MultiSelect
            label="Scopes"
            description="* grants everything"
            data={SCOPES}
            value={scopes}
            error={errors.scopes}
            onChange={setScopes}
            searchable
          />
        </>
      )}
    </ActionModal>
  );
}
