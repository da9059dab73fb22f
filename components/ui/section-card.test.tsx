import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SectionCard } from "./section-card";

describe("SectionCard", () => {
  it("as a region is one named by its title, holding the description, the action and the content", () => {
    render(
      <SectionCard title="Request" region description="POST https://example.com" action={<button>Copy as curl</button>}>
        <p>Headers</p>
      </SectionCard>,
    );
    const region = screen.getByRole("region", { name: "Request" });
    expect(region.textContent).toContain("POST https://example.com");
    expect(region.textContent).toContain("Headers");
    expect(screen.getByRole("button", { name: "Copy as curl" }).closest("[data-slot=card-action]")).not.toBeNull();
  });

  it("otherwise is a plain card, with no empty description or action slots", () => {
    const { container } = render(<SectionCard title="Attempts">None yet.</SectionCard>);
    expect(screen.queryByRole("region")).toBeNull();
    expect(container.querySelector("[data-slot=card-description]")).toBeNull();
    expect(container.querySelector("[data-slot=card-action]")).toBeNull();
    expect(container.textContent).toBe("AttemptsNone yet.");
  });
});
