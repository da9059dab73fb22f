import type { ReactElement } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";

/**
 * Stubs `fetch`, the components' only network boundary, for every test of the calling file: each
 * call is answered by `answer` with the requested URL (relative ones resolved against a test origin).
 * Returns the mock, cleared before each test, to check what was asked.
 */
export function stubFetch(answer: (url: URL) => Response | Promise<Response>) {
  const fetchMock = vi.fn(async (input: string, _init?: RequestInit) => answer(new URL(input, "http://hub.test")));
  beforeEach(() => {
    vi.stubGlobal("fetch", fetchMock);
    fetchMock.mockClear();
  });
  afterEach(() => vi.unstubAllGlobals());
  return fetchMock;
}

/** Renders `ui` under a fresh TanStack Query client that does not retry, as the app's providers do minus retries. */
export function renderWithQuery(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}
