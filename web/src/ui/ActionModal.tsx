import { Button, Group, Modal, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent, ReactNode } from "react";
import { fieldErrors, ProblemAlert } from "./Problem";

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  confirmLabel: string;
  color?: string;
  /** Does the work; throws an ApiProblem to show it. */
  action: () => Promise<unknown>;
  onDone?: (result: unknown) => void;
  children?: ReactNode | ((errors: Record<string, string>) => ReactNode);
  disabled?: boolean;
  size?: string;
}

/** A confirmation dialog around one API call: it stays open and shows the problem if the call fails. */
export function ActionModal({
  opened,
  onClose,
  title,
  confirmLabel,
  color,
  action,
  onDone,
  children,
  disabled,
  size,
}: Props) {
  const mutation = useMutation({ mutationFn: action, onSuccess: (r) => onDone?.(r) });
  const close = () => {
    mutation.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate(undefined, {
      onSuccess: () => {
        mutation.reset();
        onClose();
      },
    });
  };
  const errors = fieldErrors(mutation.error);
  return (
    <Modal opened={opened} onClose={close} title={title} size={size ?? "md"} centered>
      <form onSubmit={submit}>
        <Stack>
          {typeof children === "function" ? children(errors) : children}
          <ProblemAlert error={mutation.error} title="That did not work" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} type="button">
              Cancel
            </Button>
            <Button type="submit" color={color} loading={mutation.isPending} disabled={disabled}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
