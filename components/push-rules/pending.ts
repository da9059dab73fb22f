import { ruleKey, type PushRuleTriple } from "@/lib/push-rules/schemas";

export type Rule = PushRuleTriple;
export type Change = Rule & { kind: "add" | "remove" };

/**
 * Pending changes of the Push rules screen, kept minimal: adding a rule whose removal is pending
 * cancels that removal, removing a pending addition drops it, and a change that would leave the
 * saved state as it is never enters the list. `saved` holds the keys of the rules on screen.
 */
export function withAdded(changes: Change[], rules: Rule[], saved: ReadonlySet<string>): Change[] {
  return withChanged("add", changes, rules, saved);
}

export function withRemoved(changes: Change[], rules: Rule[], saved: ReadonlySet<string>): Change[] {
  return withChanged("remove", changes, rules, saved);
}

/** Adding and removing mirror each other: a change cancels its opposite, and only a change to the saved state is kept. */
function withChanged(kind: Change["kind"], changes: Change[], rules: Rule[], saved: ReadonlySet<string>): Change[] {
  const opposite = kind === "add" ? "remove" : "add";
  let next = changes;
  for (const rule of rules) {
    const key = ruleKey(rule);
    const existing = next.find((c) => ruleKey(c) === key);
    // Adding a saved rule, or removing one that is not saved, would change nothing.
    const changesSaved = kind === "add" ? !saved.has(key) : saved.has(key);
    if (existing?.kind === opposite) next = next.filter((c) => c !== existing);
    else if (!existing && changesSaved) next = [...next, { ...rule, kind }];
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
