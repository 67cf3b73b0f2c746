import { TextInput, type TextInputProps } from "@mantine/core";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ActionModal } from "./ActionModal";

/** What a page hands the dialog behind its "New …" button. */
export interface CreateDialogProps {
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}

/** The state of a page's "New …" dialog; when something is created, the queries under `refresh` reload. */
export function useCreateDialog(refresh: readonly QueryKey[]): {
  open: () => void;
  dialog: CreateDialogProps;
} {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  return {
    open: () => setOpened(true),
    dialog: {
      opened,
      onClose: () => setOpened(false),
      onDone: () => {
        for (const queryKey of refresh) void queryClient.invalidateQueries({ queryKey });
      },
    },
  };
}

/** What a form's fields are built from. */
export interface FormApi<T> {
  form: T;
  set: (patch: Partial<T>) => void;
  /** The server's message per field (`code`, `postal_code`…) after a refused submit. */
  errors: Record<string, string>;
  /** A text input bound to `form[name]`, showing that field's error; `normalize` edits what is typed. */
  text: (
    name: keyof T & string,
    props: Omit<TextInputProps, "value" | "onChange" | "error">,
    normalize?: (value: string) => string,
  ) => ReactNode;
}

interface Props<T> extends CreateDialogProps {
  title: string;
  confirmLabel: string;
  /** The form's starting values; it returns to them when closed or done. */
  blank: T;
  submit: (form: T) => Promise<unknown>;
  children: (api: FormApi<T>) => ReactNode;
}

/** A form in a dialog that creates one thing: the server's field errors show on their fields. */
export function FormModal<T>({
  opened,
  onClose,
  onDone,
  title,
  confirmLabel,
  blank,
  submit,
  children,
}: Props<T>) {
  const [form, setForm] = useState<T>(blank);
  const set = (patch: Partial<T>) => setForm({ ...form, ...patch });
  return (
    <ActionModal
      opened={opened}
      onClose={() => {
        setForm(blank);
        onClose();
      }}
      title={title}
      confirmLabel={confirmLabel}
      action={() => submit(form)}
      onDone={() => {
        setForm(blank);
        onDone();
      }}
    >
      {(errors) =>
        children({
          form,
          set,
          errors,
          text: (name, props, normalize) => (
            <TextInput
              {...props}
              value={String(form[name] ?? "")}
              error={errors[name]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set({ [name]: normalize ? normalize(value) : value } as Partial<T>);
              }}
            />
          ),
        })
      }
    </ActionModal>
  );
}
