/** The eight member events from the vendor's help article, in the order the UI lists them. */
export const eventTypes = [
  { id: "profile.created", label: "Profile created" },
  { id: "level.changed", label: "Level changed" },
  { id: "points.earned", label: "Points earned" },
  { id: "points.burned", label: "Points burned" },
  { id: "points.credited", label: "Points changed (+)" },
  { id: "points.debited", label: "Points changed (-)" },
  { id: "reward.offered", label: "Reward offered" },
  { id: "identifier.added", label: "Identifier added" },
] as const;

export type EventType = (typeof eventTypes)[number]["id"];
export const eventTypeIds = eventTypes.map((t) => t.id) as [EventType, ...EventType[]];

const labels = new Map<string, string>(eventTypes.map((t) => [t.id, t.label]));
export function eventTypeLabel(id: string): string {
  return labels.get(id) ?? id;
}
export function isEventType(id: string): id is EventType {
  return labels.has(id);
}
