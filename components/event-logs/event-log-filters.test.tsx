import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { NuqsTestingAdapter, type UrlUpdateEvent } from "nuqs/adapters/testing";
import { describe, expect, it, vi } from "vitest";
import { EventLogFilters } from "./event-log-filters";

const CONNECTOR = "5b0c6f1e-8a5d-4c59-9a7e-1f2d3c4b5a69";
const PROGRAM = "0d6c2a8e-3f4b-4a1c-9e7d-2b5a6c8d9e0f";
const options = { connectors: [{ id: CONNECTOR, name: "CRM", deleted: false }], programs: [{ id: PROGRAM, name: "Coffee club" }] };

function renderFilters(searchParams: string) {
  const onUrlUpdate = vi.fn<(event: UrlUpdateEvent) => void>();
  render(
    <NuqsTestingAdapter searchParams={searchParams} onUrlUpdate={onUrlUpdate} hasMemory>
      <EventLogFilters options={options} />
    </NuqsTestingAdapter>,
  );
  return onUrlUpdate;
}

describe("EventLogFilters", () => {
  it("shows the filters of the URL it was loaded with", () => {
    renderFilters(`?connector=${CONNECTOR}&status=failed,retrying&q=ada%40example.com`);
    expect((screen.getByLabelText("Connector") as HTMLSelectElement).value).toBe(CONNECTOR);
    expect(screen.getByLabelText("Status").textContent).toBe("Retrying, Failed");
    expect((screen.getByLabelText("Search") as HTMLInputElement).value).toBe("ada@example.com");
  });

  it("writes a change to the URL, keeping the other filters and replacing the history entry", async () => {
    const onUrlUpdate = renderFilters("?status=failed");
    fireEvent.change(screen.getByLabelText("Connector"), { target: { value: CONNECTOR } });
    await waitFor(() => expect(onUrlUpdate).toHaveBeenCalled());
    const { searchParams, options: update } = onUrlUpdate.mock.calls.at(-1)![0];
    expect(Object.fromEntries(searchParams)).toEqual({ status: "failed", connector: CONNECTOR });
    expect(update).toMatchObject({ history: "replace", shallow: false, scroll: false });
  });

  it("writes a custom range as UTC minutes and leaves the default range out", async () => {
    const onUrlUpdate = renderFilters("?range=7d");
    fireEvent.change(screen.getByLabelText("Time range"), { target: { value: "24h" } });
    await waitFor(() => expect(onUrlUpdate).toHaveBeenCalled());
    expect(onUrlUpdate.mock.calls.at(-1)![0].queryString).toBe("");

    fireEvent.change(screen.getByLabelText("Time range"), { target: { value: "custom" } });
    await waitFor(() => expect(onUrlUpdate.mock.calls.at(-1)![0].searchParams.get("range")).toBe("custom"));
    const params = onUrlUpdate.mock.calls.at(-1)![0].searchParams;
    expect(params.get("from")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(params.get("to")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  });

  it("keeps a custom range whose To is not after From out of the URL, with a message on To", async () => {
    const onUrlUpdate = renderFilters("?range=custom&from=2025-12-05T10:00&to=2025-12-06T10:00");
    const to = screen.getByLabelText("To (UTC)");
    fireEvent.change(screen.getByLabelText("From (UTC)"), { target: { value: "2025-12-06T10:00" } });
    fireEvent.change(to, { target: { value: "2025-12-05T10:00" } });

    const message = await screen.findByText("To must be after From.");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    expect(to.getAttribute("aria-describedby")).toBe(message.id);
    expect(onUrlUpdate).not.toHaveBeenCalled();

    fireEvent.change(to, { target: { value: "2025-12-07T10:00" } });
    await waitFor(() => expect(onUrlUpdate).toHaveBeenCalled());
    expect(Object.fromEntries(onUrlUpdate.mock.calls.at(-1)![0].searchParams)).toEqual({
      range: "custom",
      from: "2025-12-06T10:00",
      to: "2025-12-07T10:00",
    });
    expect(screen.queryByText("To must be after From.")).toBeNull();
  });

  it("says why a reversed range from the URL shows nothing", () => {
    renderFilters("?range=custom&from=2025-12-06T10:00&to=2025-12-05T10:00");
    expect(screen.getByText("To must be after From.")).toBeTruthy();
    expect(screen.getByLabelText("To (UTC)").getAttribute("aria-invalid")).toBe("true");
  });
});
