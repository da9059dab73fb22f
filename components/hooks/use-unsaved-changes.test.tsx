import { fireEvent, render, renderHook, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";

/**
 * A link as Next's <Link> behaves: its own click handler takes over the navigation (here a spy, so
 * no router is needed; the href only has to exist, the hook reacts to any a[href]). The warning
 * listens on the document in the capture phase, so it runs first and can keep the handler from
 * ever seeing a declined click.
 */
function Page({ dirty, navigate, target }: { dirty: boolean; navigate: () => void; target?: string }) {
  useUnsavedChangesWarning(dirty);
  return (
    <a
      href="#connectors"
      target={target}
      onClick={(event) => {
        event.preventDefault();
        navigate();
      }}
    >
      Connectors
    </a>
  );
}

describe("useUnsavedChangesWarning", () => {
  afterEach(() => vi.restoreAllMocks());

  it("asks before an in-app link leaves, and stays when the answer is no", () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const navigate = vi.fn();
    render(<Page dirty navigate={navigate} />);
    fireEvent.click(screen.getByRole("link", { name: "Connectors" }));
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/unsaved changes/));
    expect(navigate).not.toHaveBeenCalled();
  });

  it("lets the link go when the answer is yes", () => {
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const navigate = vi.fn();
    render(<Page dirty navigate={navigate} />);
    fireEvent.click(screen.getByRole("link", { name: "Connectors" }));
    expect(navigate).toHaveBeenCalledOnce();
  });

  it("does not ask for a clean form, a modified click or a link that opens a new tab", () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const navigate = vi.fn();
    const { rerender } = render(<Page dirty={false} navigate={navigate} />);
    fireEvent.click(screen.getByRole("link", { name: "Connectors" }));
    rerender(<Page dirty navigate={navigate} />);
    fireEvent.click(screen.getByRole("link", { name: "Connectors" }), { metaKey: true });
    rerender(<Page dirty navigate={navigate} target="_blank" />);
    fireEvent.click(screen.getByRole("link", { name: "Connectors" }));
    expect(confirm).not.toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledTimes(3);
  });

  it("holds a reload or a closing tab only while there are unsaved changes", () => {
    const { rerender } = renderHook(({ dirty }) => useUnsavedChangesWarning(dirty), { initialProps: { dirty: true } });
    const reload = () => window.dispatchEvent(new Event("beforeunload", { cancelable: true }));
    // dispatchEvent answers false when a listener called preventDefault: the browser then asks.
    expect(reload()).toBe(false);
    rerender({ dirty: false });
    expect(reload()).toBe(true);
  });
});
