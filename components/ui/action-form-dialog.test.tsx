import { useState } from "react";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useActionForm } from "@/components/hooks/use-action-form";
import type { ActionResult } from "@/lib/actions";
import { ActionFormDialog } from "./action-form-dialog";
import { Button } from "./button";
import { FormControl, FormField } from "./form-field";
import { Input } from "./input";
import { toast, Toaster } from "./toast";
import { TooltipProvider } from "./tooltip";

type Saved = { id: string };

/** The server action: the only stand-in. The test answers it when it chooses. */
function deferredAction() {
  const answers: ((result: ActionResult<Saved>) => void)[] = [];
  const action = vi.fn((_input: { name: FormDataEntryValue | null }) => new Promise<ActionResult<Saved>>((resolve) => answers.push(resolve)));
  return { action, answer: (result: ActionResult<Saved>) => answers.shift()!(result) };
}

/** A dialog as the app writes one, opened from inside another form (as Rotate is, inside Global variables). */
function Harness({ action, onOuterSubmit }: { action: (input: { name: FormDataEntryValue | null }) => Promise<ActionResult<Saved>>; onOuterSubmit: () => void }) {
  const [open, setOpen] = useState(false);
  const { pending, errors, run } = useActionForm();
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onOuterSubmit();
        }}
      >
        <ActionFormDialog
          open={open}
          onOpenChange={setOpen}
          trigger={<Button>New thing</Button>}
          title="New thing"
          description="Name it."
          onSubmit={async (form) => {
            const result = await run(() => action({ name: new FormData(form).get("name") }), { success: "Created." });
            if (result.ok) setOpen(false);
          }}
          submitLabel="Create"
          pending={pending}
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

describe("ActionFormDialog", () => {
  it("submits its own form only: the submit does not bubble through the portal to the form around it", async () => {
    const { action, answer } = deferredAction();
    const outer = vi.fn();
    render(<Harness action={action} onOuterSubmit={outer} />);
    const dialog = await openDialog();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "CRM" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));

    expect(action).toHaveBeenCalledWith({ name: "CRM" });
    expect(outer).not.toHaveBeenCalled();
    await act(async () => answer({ ok: true, data: { id: "t1" } }));
    expect(dialog.isConnected).toBe(false);
    expect(await screen.findByText("Created.")).toBeTruthy();
  });

  it("disables the submit button while the action runs", async () => {
    const { action, answer } = deferredAction();
    render(<Harness action={action} onOuterSubmit={vi.fn()} />);
    await openDialog();
    const submit = screen.getByRole("button", { name: "Create" });
    expect(submit).toHaveProperty("disabled", false);

    fireEvent.click(submit);
    expect(submit).toHaveProperty("disabled", true);
    await act(async () => answer({ ok: false, code: "validation", message: "Check the form.", fieldErrors: { name: ["Enter a name."] } }));
    expect(submit).toHaveProperty("disabled", false);
  });

  it("shows the server's field error under its field, the control described by it, and keeps the dialog open", async () => {
    const toastError = vi.spyOn(toast, "error");
    const { action, answer } = deferredAction();
    render(<Harness action={action} onOuterSubmit={vi.fn()} />);
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
  });

  it("shows the reason instead of a dialog when the trigger is disabled", () => {
    render(
      <TooltipProvider>
        <ActionFormDialog
          open={false}
          onOpenChange={vi.fn()}
          trigger={<Button disabled>New thing</Button>}
          disabledReason="Only admins can do this."
          title="New thing"
          description="Name it."
          onSubmit={vi.fn()}
          submitLabel="Create"
          pending={false}
        >
          <p>fields</p>
        </ActionFormDialog>
      </TooltipProvider>,
    );
    expect(screen.getByRole("button", { name: "New thing" })).toHaveProperty("disabled", true);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
