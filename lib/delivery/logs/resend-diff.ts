import { structuredPatch } from "diff";

/*
 * What an edited resend changed, for the delivery page: a line diff of the pretty-printed JSON
 * bodies (jsdiff's unified hunks, so a small edit in a large body shows a few lines, not the
 * whole body) and the URL change. Computed when the page is read, from the stored bodies.
 */

type DiffLine = { kind: "added" | "removed" | "context"; text: string };
export type DiffHunk = { header: string; lines: DiffLine[] };

/** Unchanged lines shown around each change. */
const CONTEXT_LINES = 3;

/** Pretty JSON, one key a line, so the diff is by field; text that is not JSON is diffed as it is. */
export function prettyJson(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text.endsWith("\n") ? text : `${text}\n`;
  }
}

const kinds: Record<string, DiffLine["kind"]> = { "+": "added", "-": "removed", " ": "context" };

/** The body's changes as hunks; none when the two bodies are the same JSON. */
export function bodyDiff(originalBody: string, sentBody: string): DiffHunk[] {
  const patch = structuredPatch("original", "sent", prettyJson(originalBody), prettyJson(sentBody), undefined, undefined, {
    context: CONTEXT_LINES,
  });
  return patch.hunks.map((hunk) => ({
    header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    // "\ No newline at end of file" markers have no kind: both sides always end with a newline.
    lines: hunk.lines.flatMap((line) => {
      const kind = kinds[line.charAt(0)];
      return kind ? [{ kind, text: line.slice(1) }] : [];
    }),
  }));
}

/** How many lines the change adds and removes, for a one-line summary. */
export function diffStats(hunks: readonly DiffHunk[]) {
  let added = 0;
  let removed = 0;
  for (const line of hunks.flatMap((h) => h.lines)) {
    if (line.kind === "added") added++;
    else if (line.kind === "removed") removed++;
  }
  return { added, removed };
}
