import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The repository's documentation stands alone: no tracked file cites design notes kept outside the
 * repository, and every relative link in the README and docs/ leads to a file that exists.
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((file) => file && existsSync(path.join(root, file)));

// Built from parts so this file does not match itself.
const outside = new RegExp(["DESIGN", "STYLE"].map((name) => `${name}\\.md`).join("|") + "|\\.\\./" + "shared", "");

describe("documentation", () => {
  it("no tracked file cites files outside the repository", () => {
    const offenders: string[] = [];
    for (const file of tracked) {
      const text = readFileSync(path.join(root, file));
      if (text.includes(0)) continue; // binary (screenshots)
      text
        .toString("utf8")
        .split("\n")
        .forEach((line, i) => {
          if (outside.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  const pages = ["README.md", ...tracked.filter((f) => /^docs\/.*\.md$/.test(f))];

  it.each(pages)("every relative link in %s points to a file that exists", (page) => {
    const text = readFileSync(path.join(root, page), "utf8").replace(/^```[\s\S]*?^```$/gm, "");
    const links = [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
    const broken = links
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"))
      .map((target) => decodeURIComponent(target.split("#")[0]!))
      .filter((target) => !existsSync(path.resolve(root, path.dirname(page), target)));
    expect(broken).toEqual([]);
  });
});

describe("docs/qa.md", () => {
  const qa = readFileSync(path.join(root, "docs/qa.md"), "utf8");

  it("every e2e file and spec it names exists", () => {
    const named = [...qa.matchAll(/\be2e\/[\w./-]+\.ts\b/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((file) => !existsSync(path.join(root, file)))).toEqual([]);
  });

  it("says of every spec whether it is safe against a shared environment", () => {
    const table = qa.slice(qa.indexOf("### Which specs are safe"), qa.indexOf("## Roles"));
    const specs = tracked.filter((f) => /^e2e\/[^/]+\.spec\.ts$/.test(f)).map((f) => path.basename(f, ".spec.ts"));
    expect(specs.filter((spec) => !table.includes(`\`${spec}\``))).toEqual([]);
  });
});
