import { afterEach, describe, expect, it, vi } from "vitest";
import { copyText } from "./clipboard";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("copyText", () => {
  it("is true once the clipboard has taken the text", async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    expect(await copyText("ihk_secret")).toBe(true);
    expect(writeText).toHaveBeenCalledWith("ihk_secret");
  });

  it("is false when the browser refuses the write", async () => {
    vi.stubGlobal("navigator", { clipboard: { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) } });
    expect(await copyText("text")).toBe(false);
  });

  it("is false when writeText throws before returning a promise", async () => {
    vi.stubGlobal("navigator", {
      clipboard: {
        writeText: () => {
          throw new TypeError("Illegal invocation");
        },
      },
    });
    expect(await copyText("text")).toBe(false);
  });

  it("is false without a Clipboard API (an insecure origin) or without a navigator at all", async () => {
    vi.stubGlobal("navigator", {});
    expect(await copyText("text")).toBe(false);
    vi.stubGlobal("navigator", { clipboard: {} });
    expect(await copyText("text")).toBe(false);
    vi.stubGlobal("navigator", undefined);
    expect(await copyText("text")).toBe(false);
  });
});
