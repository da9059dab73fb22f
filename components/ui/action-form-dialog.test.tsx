import { useState } from "react";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { Plus } from "lucide-react";
import { describe, expect, it, vi } from "vitest";
import { useActionForm } from "@/components/hooks/use-action-form";
import type { ActionResult } from "@/lib/actions";
import { ActionFormDialog } from "./action-form-dialog";
import { FormControl, FormField } from "./form-field";
import { Input } from "./input";
import { OneTimeValue } from "./one-time-value";
import { toast, Toaster } from "./toast";
import { TooltipProvider } from "./tooltip";

type Saved = { id: string };

/** The server action: the only stand-in. The test answers it when it chooses. */
function deferredAction() {
  const answers: ((result: ActionResult<Saved>) => void)[] = [];
  const action = vi.fn((_input: { name: FormDataEntryValue | null }) => new Promise<ActionResult<Saved>>((resolve) => answers.push(resolve)));
  return { action, answer: (result: ActionResult<Saved>) => answers.shift()!(result) };
}

type HarnessProps = {
  action: (input: { name: FormDataEntryValue | null }) => Promise<ActionResult<Saved>>;
  onOuterSubmit?: () => void;
  onClose?: () => void;
  /** Show the saved id once, as a one-time value, instead of closing on success. */
  showOutcome?: boolean;
};

/** A dialog as the app writes one, opened from inside another form (as Rotate is, inside Global variables). */
function Harness({ action: save, onOuterSubmit = () => {}, onClose, showOutcome = false }: HarnessProps) {
  const action = useActionForm();
  const { errors } = action;
  const [saved, setSaved] = useState<Saved | null>(null);
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onOuterSubmit();
        }}
      >
        <ActionFormDialog
          trigger={{ icon: Plus }}
          action={action}
          onClose={() => {
            setSaved(null);
            onClose?.();
          }}
          title="New thing"
          description="Name it."
          onSubmit={async (form, dialog) => {
            const result = await action.run(() => save({ name: new FormData(form).get("name") }), { success: "Created." });
            if (!result.ok) return;
            if (showOutcome) setSaved(result.data);
            else dialog.close();
          }}
          submitLabel="Create"
          outcome={saved ? <OneTimeValue label="Thing id" id="thing-id" value={saved.id} warning="It won't be shown again." /> : undefined}
        >
          <FormField label="Name" id="thing-name" error={errors.name}>
            <FormControl>
              <Input name="name" />
            </FormControl>
          </FormField>
        </ActionFormDialog>
      </form>
      <Toaster />
    </>
  );
}

async function openDialog() {
  fireEvent.click(screen.getByRole("button", { name: "New thing" }));
  return screen.findByRole("dialog", { name: "New thing" });
}

async function create(answer: (result: ActionResult<Saved>) => void, name = "CRM") {
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: name } });
  fireEvent.click(screen.getByRole("button", { name: "Create" }));
  await act(async () => answer({ ok: true, data: { id: "t1" } }));
}

describe("ActionFormDialog", () => {
  it("submits its own form only, and closes through the close it hands to onSubmit", async () => {
    const { action, answer } = deferredAction();
    const outer = vi.fn();
    const onClose = vi.fn();
    render(<Harness action={action} onOuterSubmit={outer} onClose={onClose} />);
    const dialog = await openDialog();
    await create(answer);

    expect(action).toHaveBeenCalledWith({ name: "CRM" });
    // The submit does not bubble through the portal to the form around it.
    expect(outer).not.toHaveBeenCalled();
    expect(dialog.isConnected).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
    expect(await screen.findByText("Created.")).toBeTruthy();
  });

  it("disables the submit button while the action runs, and cannot be closed meanwhile", async () => {
    const { action, answer } = deferredAction();
    render(<Harness action={action} />);
    const dialog = await openDialog();
    const submit = screen.getByRole("button", { name: "Create" });
    expect(submit).toHaveProperty("disabled", false);

    fireEvent.click(submit);
    expect(submit).toHaveProperty("disabled", true);
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(dialog.isConnected).toBe(true);
    await act(async () => answer({ ok: false, code: "validation", message: "Check the form.", fieldErrors: { name: ["Enter a name."] } }));
    expect(submit).toHaveProperty("disabled", false);
  });

  it("shows the server's field error under its field, the control described by it, and keeps the dialog open until closed", async () => {
    const toastError = vi.spyOn(toast, "error");
    const { action, answer } = deferredAction();
    render(<Harness action={action} />);
    const dialog = await openDialog();
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await act(async () => answer({ ok: false, code: "validation", message: "Check the form.", fieldErrors: { name: ["Enter a name."] } }));

    const input = screen.getByLabelText("Name");
    const message = screen.getByText("Enter a name.");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe(message.id);
    expect(message.getAttribute("role")).toBe("alert");
    expect(dialog.isConnected).toBe(true);
    // The field shows it, so no toast repeats it.
    expect(toastError).not.toHaveBeenCalled();
    toastError.mockRestore();

    // Closed and opened again, it starts clean.
    fireEvent.keyDown(dialog, { key: "Escape" });
    await openDialog();
    expect(screen.queryByText("Enter a name.")).toBeNull();
  });

  it("shows the outcome instead of the form; an outside click keeps it, Done closes and forgets it", async () => {
    const { action, answer } = deferredAction();
    const onClose = vi.fn();
    render(<Harness action={action} onClose={onClose} showOutcome />);
    const dialog = await openDialog();
    await create(answer);

    expect(screen.queryByLabelText("Name")).toBeNull();
    expect(dialog.textContent).toContain("It won't be shown again.");
    const value = screen.getByLabelText<HTMLInputElement>("Thing id");
    expect(value.value).toBe("t1");
    // Focused and selected, ready for Ctrl+C.
    expect(document.activeElement).toBe(value);
    expect([value.selectionStart, value.selectionEnd]).toEqual([0, "t1".length]);
    fireEvent.pointerDown(document.body);
    expect(dialog.isConnected).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(dialog.isConnected).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
    // Opened again, it asks anew.
    await openDialog();
    expect(screen.getByLabelText("Name")).toBeTruthy();
  });

  it("leaves the value selected for Ctrl+C when the browser refuses the copy", async () => {
    const { action, answer } = deferredAction();
    render(<Harness action={action} showOutcome />);
    await openDialog();
    await create(answer);
    const value = screen.getByLabelText<HTMLInputElement>("Thing id");
    value.setSelectionRange(0, 0);

    // jsdom has no Clipboard API, as an insecure origin has none.
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Copy" })));
    expect([value.selectionStart, value.selectionEnd]).toEqual([0, "t1".length]);
    expect(await screen.findByText(/^Copy failed: the value is selected/)).toBeTruthy();
  });

  it("closes when the user closes it while idle, and clears what it showed", async () => {
    const onClose = vi.fn();
    render(<Harness action={deferredAction().action} onClose={onClose} />);
    const dialog = await openDialog();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(dialog.isConnected).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("shows the reason on a disabled trigger instead of a dialog", async () => {
    render(
      <TooltipProvider delayDuration={0}>
        <ActionFormDialog
          trigger={{ icon: Plus }}
          disabledReason="Only admins can do this."
          title="New thing"
          description="Name it."
          onSubmit={vi.fn()}
          submitLabel="Create"
          action={{ pending: false, reset: vi.fn() }}
        >
          <p>fields</p>
        </ActionFormDialog>
      </TooltipProvider>,
    );
    const trigger = screen.getByRole("button", { name: "New thing" });
    expect(trigger).toHaveProperty("disabled", true);
    expect(trigger.getAttribute("aria-haspopup")).toBeNull();
    fireEvent.focus(trigger.parentElement!);
    expect((await screen.findByRole("tooltip")).textContent).toContain("Only admins can do this.");
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
