import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FormControl, FormField, FormItem, FormMessage, InputField } from "./form-field";
import { Input } from "./input";

describe("FormField", () => {
  it("gives its control the id, and describes it by the description and the error", () => {
    render(
      <FormField label="Notification URL" id="url" description="Where events go." error={["Use an http:// or https:// URL."]}>
        <FormControl>
          <Input />
        </FormControl>
      </FormField>,
    );
    const input = screen.getByLabelText("Notification URL");
    expect(input.id).toBe("url");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("url-description url-error");
    expect(document.getElementById("url-description")?.textContent).toBe("Where events go.");
    const error = screen.getByRole("alert");
    expect(error.id).toBe("url-error");
    expect(error.textContent).toBe("Use an http:// or https:// URL.");
  });

  it("points at nothing that is not there: no description, no error", () => {
    render(
      <FormField label="Name" id="name">
        <FormControl>
          <Input />
        </FormControl>
      </FormField>,
    );
    const input = screen.getByLabelText("Name");
    expect(input.getAttribute("aria-describedby")).toBeNull();
    expect(input.getAttribute("aria-invalid")).toBe("false");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("makes up an id when none is given, the same for the label, the control and the message", () => {
    render(
      <FormField label="Name" error="Enter a name.">
        <FormControl>
          <Input />
        </FormControl>
      </FormField>,
    );
    const input = screen.getByLabelText("Name");
    expect(input.id).not.toBe("");
    expect(input.getAttribute("aria-describedby")).toBe(`${input.id}-error`);
    expect(screen.getByRole("alert").id).toBe(`${input.id}-error`);
  });

  it("keeps the control's own props and joins several errors", () => {
    render(
      <FormField label="Timeout" id="timeout" error={["Use a whole number.", "Use at least 1,000 ms."]}>
        <FormControl>
          <Input type="number" placeholder="5000" />
        </FormControl>
      </FormField>,
    );
    const input = screen.getByLabelText("Timeout");
    expect(input.getAttribute("type")).toBe("number");
    expect(input.getAttribute("placeholder")).toBe("5000");
    expect(screen.getByRole("alert").textContent).toBe("Use a whole number. Use at least 1,000 ms.");
  });
});

describe("InputField", () => {
  it("is a FormField around an Input: the input gets its own props and className, the field its fieldClassName", () => {
    render(
      <InputField
        label="Failed since"
        id="since"
        description="UTC."
        error="Pick a time."
        name="since"
        type="datetime-local"
        className="font-mono"
        fieldClassName="w-64"
      />,
    );
    const input = screen.getByLabelText("Failed since");
    expect(input.tagName).toBe("INPUT");
    expect(input.id).toBe("since");
    expect(input.getAttribute("name")).toBe("since");
    expect(input.getAttribute("type")).toBe("datetime-local");
    expect(input.className).toContain("font-mono");
    expect(input.getAttribute("aria-describedby")).toBe("since-description since-error");
    expect(input.closest("[data-slot=form-item]")?.className).toContain("w-64");
    expect(screen.getByRole("alert").textContent).toBe("Pick a time.");
  });
});

describe("FormItem", () => {
  it("wires a control named by aria-label to its message, without a visible label", () => {
    render(
      <FormItem id="row-1-name" error="Enter a header name.">
        <FormControl>
          <Input aria-label="Custom header 1 name" />
        </FormControl>
        <FormMessage />
      </FormItem>,
    );
    const input = screen.getByRole("textbox", { name: "Custom header 1 name" });
    expect(input.id).toBe("row-1-name");
    expect(input.getAttribute("aria-describedby")).toBe("row-1-name-error");
    expect(document.getElementById("row-1-name-error")?.textContent).toBe("Enter a header name.");
  });

  it("refuses a FormControl outside a field, rather than rendering it unlabelled", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() =>
      render(
        <FormControl>
          <Input />
        </FormControl>,
      ),
    ).toThrow("FormControl must be inside a FormItem or FormField.");
    vi.restoreAllMocks();
  });
});
