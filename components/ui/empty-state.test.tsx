import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { buttonVariants } from "./button";
import { EmptyState } from "./empty-state";

describe("EmptyState", () => {
  it("renders its link as a link styled as a button, before any other action", () => {
    render(
      <EmptyState
        title="No programs yet"
        link={{ href: "/settings/programs", label: "Settings → Programs", variant: "outline" }}
        action={<button type="button">Retry</button>}
      />,
    );
    const link = screen.getByRole("link", { name: "Settings → Programs" });
    expect(link.getAttribute("href")).toBe("/settings/programs");
    expect(link.className).toBe(buttonVariants({ variant: "outline" }));
    expect(link.compareDocumentPosition(screen.getByRole("button", { name: "Retry" }))).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it("uses the primary button style unless told otherwise", () => {
    render(<EmptyState title="No connectors yet" link={{ href: "/integrations/connectors", label: "Set up an integration" }} />);
    expect(screen.getByRole("link", { name: "Set up an integration" }).className).toBe(buttonVariants());
  });

  it("has no action row without a link or an action", () => {
    const { container } = render(<EmptyState title="No entries" />);
    expect(container.querySelector("[data-slot=empty-state-action]")).toBeNull();
  });
});
