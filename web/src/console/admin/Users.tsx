import { Badge, Button, PasswordInput, Select, Switch, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { CreateUser, Page, Role, User } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { type CreateDialogProps, FormModal, useCreateDialog } from "../../ui/FormModal";
import { when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";

const ROLES: Role[] = ["admin", "manager", "agent", "warehouse", "store"];

export function UsersPage() {
  const queryClient = useQueryClient();
  const create = useCreateDialog([["users"]]);
  const [editing, setEditing] = useState<User | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["users"] });
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Staff who sign in to the console; a role decides what each may do"
        actions={<Button onClick={create.open}>New user</Button>}
      />
      <PagedTable<User>
        caption="Staff users"
        queryKey={["users"]}
        fetchPage={(cursor, signal) => api.get<Page<User>>("/v1/users", { cursor, limit: 50 }, signal)}
        rowKey={(u) => u.id}
        empty="No users yet"
        columns={[
          { key: "name", header: "Name", render: (u) => u.name },
          { key: "email", header: "E-mail", render: (u) => u.email },
          { key: "role", header: "Role", render: (u) => <Badge variant="light">{u.role}</Badge> },
          {
            key: "active",
            header: "Status",
            render: (u) => (
              <Badge color={u.active ? "green" : "gray"} variant="light">
                {u.active ? "active" : "deactivated"}
              </Badge>
            ),
          },
          { key: "created", header: "Created", render: (u) => when(u.created_at) },
          {
            key: "edit",
            header: <span className="visually-hidden">Actions</span>,
            align: "right",
            render: (u) => (
              <Button size="xs" variant="subtle" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`}>
                Edit
              </Button>
            ),
          },
        ]}
      />
      <CreateUserModal {...create.dialog} />
      {editing && <EditUserModal user={editing} onClose={() => setEditing(null)} onDone={refresh} />}
    </>
  );
}

function CreateUserModal(dialog: CreateDialogProps) {
  const blank: CreateUser = { email: "", name: "", role: "agent", password: "" };
  return (
    <FormModal
      {...dialog}
      title="New user"
      confirmLabel="Create user"
      blank={blank}
      submit={(form) => api.create<User>("/v1/users", form)}
    >
      {({ form, set, errors, text }) => (
        <>
          {text("name", { label: "Name", required: true })}
          {text("email", { label: "E-mail", type: "email", required: true })}
          <Select
            label="Role"
            data={ROLES}
            value={form.role}
            allowDeselect={false}
            onChange={(v) => v && set({ role: v as Role })}
          />
          <PasswordInput
            label="Initial password"
            description="At least 10 characters"
            required
            value={form.password}
            error={errors.password}
            onChange={(e) => set({ password: e.currentTarget.value })}
          />
        </>
      )}
    </FormModal>
  );
}

function EditUserModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.active);
  const [password, setPassword] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Edit ${user.email}`}
      confirmLabel="Save"
      action={() =>
        api.patch<User>(`/v1/users/${user.id}`, {
          name,
          role,
          active,
          ...(password ? { password } : {}),
        })
      }
      onDone={onDone}
    >
      {(errors) => (
        <>
          <TextInput
            label="Name"
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Role"
            data={ROLES}
            value={role}
            allowDeselect={false}
            onChange={(v) => v && setRole(v as Role)}
          />
          <Switch
            label="Active (may sign in)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <PasswordInput
            label="New password"
            description="Leave empty to keep the current one"
            value={password}
            error={errors.password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}
