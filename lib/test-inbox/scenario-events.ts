import { exampleInput } from "@/lib/events/catalog";
import type { EventType } from "@/lib/events/types";

/* What `npm run qa:seed` sends to the ingest API; kept apart from the scenario's verbs so the script can load it. */

export type ScenarioProgram = { id: string; name: string; apiKey: string; eventTypes: EventType[] };

/**
 * The ingest body for the `n`th event of a program: the catalog example of one of its subscribed
 * types, for one of 40 members, so the logs have variety to filter on.
 */
export function scenarioEvent(program: Pick<ScenarioProgram, "id" | "eventTypes">, n: number) {
  const type = program.eventTypes[n % program.eventTypes.length]!;
  const { member, data } = exampleInput(type);
  const memberNo = n % 40;
  return {
    id: `qa-seed-${program.id.slice(0, 8)}-${n}`,
    type,
    member: { ...member, id: `qa-member-${memberNo}`, email: `qa.member${memberNo}@example.com` },
    data,
  };
}
