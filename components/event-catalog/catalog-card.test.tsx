import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CatalogCard } from "./catalog-card";

describe("CatalogCard", () => {
  it("is a region named by the event's label and id, anchored at the id, holding its content", () => {
    render(
      <CatalogCard id="points.earned" label="Points earned" description="A member earned points.">
        <pre>example</pre>
      </CatalogCard>,
    );
    const region = screen.getByRole("region", { name: "Points earned points.earned" });
    expect(region.id).toBe("points.earned");
    expect(region.textContent).toContain("A member earned points.");
    expect(region.querySelector("pre")?.textContent).toBe("example");
  });
});
