import { act, renderHook, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toast, Toaster } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions";
import { useAction, useActionForm } from "./use-action-form";

/** The page's toaster beside the hook, so a toast is asserted where the user sees it. */
function withToaster({ children }: { children: React.ReactNode }) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}

/** A server action the test answers when it chooses, so the pending state can be seen. */
function deferredAction<T>() {
  let answer!: (result: ActionResult<T>) => void;
  const promise = new Promise<ActionResult<T>>((resolve) => (answer = resolve));
  return { call: () => promise, answer };
}

describe("useActionForm", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is pending while the action runs, and not after", async () => {
    const { result } = renderHook(() => useActionForm(), { wrapper: withToaster });
    const action = deferredAction<{ id: string }>();
    let done!: Promise<ActionResult<{ id: string }>>;
    act(() => {
      done = result.current.run(action.call);
    });
    expect(result.current.pending).toBe(true);
    await act(async () => {
      action.answer({ ok: true, data: { id: "c1" } });
      await expect(done).resolves.toEqual({ ok: true, data: { id: "c1" } });
    });
    expect(result.current.pending).toBe(false);
  });

  it("puts field errors next to their fields without a toast, and clears them on success", async () => {
    // Sonner shows a toast a moment later, so "no toast" is asserted on the call.
    const toastError = vi.spyOn(toast, "error");
    const { result } = renderHook(() => useActionForm(), { wrapper: withToaster });
    await act(() =>
      result.current.run(async () => ({ ok: false, code: "validation", message: "Check the name.", fieldErrors: { name: ["Name is taken."] } })),
    );
    expect(result.current.errors).toEqual({ name: ["Name is taken."] });
    expect(toastError).not.toHaveBeenCalled();

    await act(() => result.current.run(async () => ({ ok: true, data: undefined })));
    expect(result.current.errors).toEqual({});
  });

  it("toasts an error that has no field on the form", async () => {
    const { result } = renderHook(() => useActionForm(), { wrapper: withToaster });
    await act(() => result.current.run(async () => ({ ok: false, code: "forbidden", message: "You do not have permission to do this." })));
    expect(await screen.findByText("You do not have permission to do this.")).toBeTruthy();
    expect(result.current.errors).toEqual({});
    expect(result.current.pending).toBe(false);
  });

  it("toasts a field error when the form does not show that field", async () => {
    const { result } = renderHook(() => useActionForm(["label"]), { wrapper: withToaster });
    await act(() =>
      result.current.run(async () => ({ ok: false, code: "validation", message: "The URL is not allowed.", fieldErrors: { url: ["Not allowed."] } })),
    );
    expect(await screen.findByText("The URL is not allowed.")).toBeTruthy();
    expect(result.current.errors).toEqual({ url: ["Not allowed."] });
  });
});

describe("useAction", () => {
  afterEach(() => vi.restoreAllMocks());

  it("toasts the success message it is given, made from the action's data and message", async () => {
    const { result } = renderHook(() => useAction(), { wrapper: withToaster });
    await act(() =>
      result.current.run(async () => ({ ok: true, data: { name: "CRM" }, message: "Saved." }), {
        success: (data, message) => `${message} ${data.name} is ready.`,
      }),
    );
    expect(await screen.findByText("Saved. CRM is ready.")).toBeTruthy();
  });

  it("toasts a failure unless the caller shows it itself", async () => {
    const toastError = vi.spyOn(toast, "error");
    const { result } = renderHook(() => useAction(), { wrapper: withToaster });
    const failure = { ok: false, code: "conflict", message: "Already exists." } as const;

    const onFailure = vi.fn(() => true);
    await act(() => result.current.run(async () => failure, { onFailure }));
    expect(onFailure).toHaveBeenCalledWith(failure);
    expect(toastError).not.toHaveBeenCalled();

    await act(() => result.current.run(async () => failure, { onFailure: () => false }));
    expect(toastError).toHaveBeenCalledWith("Already exists.");
    expect(result.current.pending).toBe(false);
  });
});
