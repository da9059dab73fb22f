import { replaceLogger } from "@/lib/log";
import { createLogger, type Level } from "@/lib/log/core.mjs";

/** A JSON logger whose lines are kept: the raw text (for leak checks) and parsed. */
export function logSink(level: Level = "debug") {
  const raw: string[] = [];
  const destination = { write: (text: string) => void raw.push(...text.split("\n").filter(Boolean)) };
  return {
    logger: createLogger({ level, destination }),
    raw,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Captures every line the app logs (through lib/log) until `restore()`. */
export function captureLogs(level: Level = "debug") {
  const sink = logSink(level);
  const previous = replaceLogger(sink.logger);
  return { ...sink, restore: () => void replaceLogger(previous) };
}
