import { act, render } from "@testing-library/react";
import { toast as sonnerToast } from "sonner";
import { afterEach, describe, expect, it } from "vitest";
import { SUCCESS_DURATION_MS, toast, Toaster, VISIBLE_TOASTS } from "./toast";

/** Lets sonner's deferred state updates run inside act. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

afterEach(async () => {
  toast.dismiss();
  await settle();
});

const shown = () => document.querySelectorAll('[data-sonner-toast][data-visible="true"]');

describe("Toaster", () => {
  it("shows a few toasts at once, bottom right, and keeps the rest hidden until those go", async () => {
    render(<Toaster />);
    for (let i = 1; i <= VISIBLE_TOASTS + 2; i++) toast.success(`Saved ${i}.`);
    await settle();
    expect(document.querySelectorAll("[data-sonner-toast]")).toHaveLength(VISIBLE_TOASTS + 2);
    expect(VISIBLE_TOASTS).toBeLessThanOrEqual(3);
    expect(shown()).toHaveLength(VISIBLE_TOASTS);
    // The newest ones are the ones shown.
    expect([...shown()].map((t) => t.textContent)).toContain(`Saved ${VISIBLE_TOASTS + 2}.`);
    const toaster = document.querySelector("[data-sonner-toaster]");
    expect(toaster?.getAttribute("data-y-position")).toBe("bottom");
    expect(toaster?.getAttribute("data-x-position")).toBe("right");
  });
});

describe("toast", () => {
  const durationOf = (id: string | number) => {
    const shownToast = sonnerToast.getToasts().find((t) => t.id === id);
    return shownToast && "duration" in shownToast ? shownToast.duration : undefined;
  };

  it("gives a success a shorter life than sonner's default, unless the caller says otherwise", async () => {
    render(<Toaster />);
    expect(durationOf(toast.success("Saved."))).toBe(SUCCESS_DURATION_MS);
    expect(durationOf(toast.success("Copied.", { duration: 1_000 }))).toBe(1_000);
    expect(durationOf(toast.error("The receiver refused it."))).toBeUndefined();
    expect(SUCCESS_DURATION_MS).toBeLessThan(4_000);
    await settle();
  });
});
