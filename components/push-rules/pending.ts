import { ruleKey, type PushRuleTriple } from "@/lib/push-rules/schemas";

export type Rule = PushRuleTriple;
export type Change = Rule & { kind: "add" | "remove" };

/**
 * Pending changes of the Push rules screen, kept minimal: adding a rule whose removal is pending
 * cancels that removal, removing a pending addition drops it, and a change that would leave the
 * saved state as it is never enters the list. `saved` holds the keys of the rules on screen.
 */
export function withAdded(changes: Change[], rules: Rule[], saved: ReadonlySet<string>): Change[] {
  let next = changes;
  for (const rule of rules) {
    const key = ruleKey(rule);
    const existing = next.find((c) => ruleKey(c) === key);
    if (existing?.kind === "remove") next = next.filter((c) => c !== existing);
    else if (!existing && !saved.has(key)) next = [...next, { ...rule, kind: "add" }];
  }
  return next;
}

export function withRemoved(changes: Change[], rules: Rule[], saved: ReadonlySet<string>): Change[] {
  let next = changes;
  for (const rule of rules) {
    const key = ruleKey(rule);
    const existing = next.find((c) => ruleKey(c) === key);
    if (existing?.kind === "add") next = next.filter((c) => c !== existing);
    else if (!existing && saved.has(key)) next = [...next, { ...rule, kind: "remove" }];
  }
  return next;
}

export function withoutChange(changes: Change[], key: string): Change[] {
  return changes.filter((c) => ruleKey(c) !== key);
}

export type CellState = "saved" | "removing" | "adding" | "empty";

export function cellState(key: string, changes: Change[], saved: ReadonlySet<string>): CellState {
  const change = changes.find((c) => ruleKey(c) === key);
  if (change?.kind === "add") return "adding";
  if (change?.kind === "remove") return "removing";
  return saved.has(key) ? "saved" : "empty";
}

export function countLabel(n: number) {
  if (n === 0) return "No unsaved changes";
  return n === 1 ? "1 unsaved change" : `${n} unsaved changes`;
}
