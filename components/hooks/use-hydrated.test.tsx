import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useHydrated } from "./use-hydrated";

function Probe() {
  return <output>{useHydrated() ? "hydrated" : "server"}</output>;
}

describe("useHydrated", () => {
  it("is false in the server's HTML and turns true once React has hydrated that HTML", async () => {
    const html = renderToString(<Probe />);
    expect(html).toContain("server");

    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const root = await act(async () => hydrateRoot(container, <Probe />));
    expect(container.textContent).toBe("hydrated");
    act(() => root.unmount());
    container.remove();
  });

  it("is true at once in anything mounted on the client after that (a client-side navigation)", () => {
    render(<Probe />);
    expect(screen.getByRole("status").textContent).toBe("hydrated");
  });
});
