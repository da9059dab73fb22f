import { useState } from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ConfirmDialog } from "./confirm-dialog";
import { TooltipProvider } from "./tooltip";

function Harness({ pending, onConfirm, disabledReason }: { pending: boolean; onConfirm: () => void; disabledReason?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <TooltipProvider delayDuration={0}>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        trigger={{ label: "Delete", variant: "outline" }}
        disabledReason={disabledReason}
        title="Delete Ops?"
        description="It cannot be undone."
        confirmLabel="Delete connector"
        pending={pending}
        onConfirm={onConfirm}
      />
    </TooltipProvider>
  );
}

describe("ConfirmDialog", () => {
  it("asks before acting, and the confirm button calls onConfirm without closing the dialog", () => {
    const onConfirm = vi.fn();
    render(<Harness pending={false} onConfirm={onConfirm} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete Ops?" });
    expect(dialog.textContent).toContain("It cannot be undone.");
    fireEvent.click(screen.getByRole("button", { name: "Delete connector" }));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(screen.getByRole("alertdialog")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  it("stays open with both buttons disabled while the action runs", () => {
    const { rerender } = render(<Harness pending={false} onConfirm={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    rerender(<Harness pending onConfirm={() => {}} />);
    expect(screen.getByRole("button", { name: "Cancel" }).hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Delete connector" }).hasAttribute("disabled")).toBe(true);
    fireEvent.keyDown(screen.getByRole("alertdialog"), { key: "Escape" });
    expect(screen.getByRole("alertdialog")).toBeTruthy();
  });

  it("renders only the disabled trigger, with its reason, when the role may not act", async () => {
    render(<Harness pending={false} onConfirm={() => {}} disabledReason="Admins only." />);
    const trigger = screen.getByRole("button", { name: "Delete" });
    expect(trigger.hasAttribute("disabled")).toBe(true);
    expect(trigger.getAttribute("aria-haspopup")).toBeNull();
    fireEvent.focus(trigger.parentElement!);
    expect((await screen.findByRole("tooltip")).textContent).toContain("Admins only.");
  });
});
