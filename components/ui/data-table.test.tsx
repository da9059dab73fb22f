import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DataTable, nameColumn, type ColumnDef } from "./data-table";

type Fruit = { id: string; name: string; count: number };

const columns: ColumnDef<Fruit>[] = [
  { id: "name", header: "Name", cell: (f) => <strong>{f.name}</strong>, cellProps: (f) => ({ title: `About ${f.name}` }) },
  { id: "count", header: <span className="sr-only">Count</span>, headClassName: "text-right", className: "tabular-nums", cell: (f) => f.count },
];

const fruits: Fruit[] = [
  { id: "a", name: "Apple", count: 3 },
  { id: "b", name: "Banana", count: 0 },
];

describe("DataTable", () => {
  it("renders a header per column and a cell per column in each row", () => {
    render(<DataTable aria-label="Fruits" columns={columns} data={fruits} />);
    const table = screen.getByRole("table", { name: "Fruits" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Name", "Count"]);
    expect(within(table).getByRole("columnheader", { name: "Count" }).className).toContain("text-right");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((tr) => within(tr).getAllByRole("cell").map((td) => td.textContent))).toEqual([
      ["Apple", "3"],
      ["Banana", "0"],
    ]);
    const [name, count] = within(rows[0]!).getAllByRole("cell");
    expect(name!.getAttribute("title")).toBe("About Apple");
    expect(count!.className).toContain("tabular-nums");
  });

  it("passes per-row attributes to the rows", () => {
    const onClick = vi.fn();
    render(<DataTable columns={columns} data={fruits} rowProps={(f) => ({ className: `fruit-${f.id}`, onClick })} />);
    const banana = screen.getByRole("row", { name: /Banana/ });
    expect(banana.className).toContain("fruit-b");
    banana.click();
    expect(onClick).toHaveBeenCalledOnce();
  });

  it("shows the empty state instead of the table when there are no rows", () => {
    render(<DataTable aria-label="Fruits" columns={columns} data={[]} empty={<p>No fruit yet</p>} />);
    expect(screen.getByText("No fruit yet")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("keys rows by id, so a reordered row keeps its element", () => {
    const { rerender } = render(<DataTable columns={columns} data={fruits} />);
    const apple = screen.getByRole("row", { name: /Apple/ });
    rerender(<DataTable columns={columns} data={[...fruits].reverse()} />);
    expect(screen.getByRole("row", { name: /Apple/ })).toBe(apple);
    expect(screen.getAllByRole("row").slice(1).map((tr) => tr.textContent)).toEqual(["Banana0", "Apple3"]);
  });
});

describe("nameColumn", () => {
  it("is a Name column whose cell links the row's name to its page", () => {
    render(<DataTable aria-label="Fruits" columns={[nameColumn<Fruit>((f) => `/fruits/${f.id}`)]} data={fruits} />);
    expect(screen.getByRole("columnheader", { name: "Name" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Banana" }).getAttribute("href")).toBe("/fruits/b");
  });
});
