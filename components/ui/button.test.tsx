import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { act, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Button } from "./button";
import { Checkbox } from "./checkbox";
import { NativeSelect } from "./native-select";
import { Switch } from "./switch";
import { Tabs, TabsList, TabsTrigger } from "./tabs";

let mounted: { root: Root; container: HTMLElement } | null = null;

afterEach(() => {
  if (!mounted) return;
  const { root, container } = mounted;
  act(() => root.unmount());
  container.remove();
  mounted = null;
});

/** The server's HTML, as the browser shows it before any script has run. */
function serverHtml(ui: React.ReactElement) {
  const container = document.createElement("div");
  container.innerHTML = renderToString(ui);
  document.body.append(container);
  return container;
}

async function hydrate(container: HTMLElement, ui: React.ReactElement) {
  const root = await act(async () => hydrateRoot(container, ui));
  mounted = { root, container };
}

describe("Button before and after hydration", () => {
  it("is disabled, also for assistive technology, in the server's HTML, and enabled and working once hydrated", async () => {
    const onClick = vi.fn();
    const ui = <Button onClick={onClick}>Set up an integration</Button>;
    const container = serverHtml(ui);
    const before = screen.getByRole("button", { name: "Set up an integration" });
    expect(before.hasAttribute("disabled")).toBe(true);
    expect(before.getAttribute("aria-disabled")).toBe("true");

    await hydrate(container, ui);
    const after = screen.getByRole("button", { name: "Set up an integration" });
    expect(after.hasAttribute("disabled")).toBe(false);
    expect(after.hasAttribute("aria-disabled")).toBe(false);
    fireEvent.click(after);
    expect(onClick).toHaveBeenCalledOnce();
  });

  it("stays disabled after hydration when its caller disables it", async () => {
    const ui = <Button disabled>Save</Button>;
    await hydrate(serverHtml(ui), ui);
    expect(screen.getByRole("button", { name: "Save" }).hasAttribute("disabled")).toBe(true);
  });

  it("is enabled in the server's HTML when it submits a form that needs no JavaScript", () => {
    serverHtml(
      <form action="/settings/audit-log" method="get">
        <Button type="submit" worksBeforeHydration>
          Apply
        </Button>
      </form>,
    );
    const apply = screen.getByRole("button", { name: "Apply" });
    expect(apply.hasAttribute("disabled")).toBe(false);
    expect(apply.hasAttribute("aria-disabled")).toBe(false);
  });

  it("leaves a link it styles (asChild) usable before hydration", () => {
    serverHtml(
      <Button asChild>
        <a href="/api/v1/openapi.json">OpenAPI document</a>
      </Button>,
    );
    const link = screen.getByRole("link", { name: "OpenAPI document" });
    expect(link.hasAttribute("disabled")).toBe(false);
    expect(link.hasAttribute("aria-disabled")).toBe(false);
  });
});

describe("switch, checkbox, tab and select before and after hydration", () => {
  it("are disabled in the server's HTML and enabled once hydrated", async () => {
    const ui = (
      <>
        <NativeSelect aria-label="Program" value="a" onChange={() => {}}>
          <option value="a">Coffee Club</option>
        </NativeSelect>
        <Switch aria-label="Active" />
        <Checkbox aria-label="Points earned" />
        <Tabs defaultValue="general">
          <TabsList>
            <TabsTrigger value="general">General</TabsTrigger>
            <TabsTrigger value="global-variables">Global variables</TabsTrigger>
          </TabsList>
        </Tabs>
      </>
    );
    const controls = () => [
      screen.getByRole("combobox", { name: "Program" }),
      screen.getByRole("switch", { name: "Active" }),
      screen.getByRole("checkbox", { name: "Points earned" }),
      screen.getByRole("tab", { name: "Global variables" }),
    ];
    const container = serverHtml(ui);
    for (const control of controls()) {
      expect(control.hasAttribute("disabled")).toBe(true);
      expect(control.getAttribute("aria-disabled")).toBe("true");
    }

    await hydrate(container, ui);
    for (const control of controls()) expect(control.hasAttribute("disabled")).toBe(false);
    fireEvent.click(screen.getByRole("switch", { name: "Active" }));
    expect(screen.getByRole("switch", { name: "Active" }).getAttribute("aria-checked")).toBe("true");
  });

  it("leaves a select without a handler (a GET form's field) usable before hydration", () => {
    serverHtml(
      <NativeSelect aria-label="Entity" name="entity" defaultValue="">
        <option value="">All entities</option>
      </NativeSelect>,
    );
    expect(screen.getByRole("combobox", { name: "Entity" }).hasAttribute("disabled")).toBe(false);
  });
});
