import Link from "next/link";
import { TriangleAlert } from "lucide-react";
import { SectionCard } from "@/components/ui/section-card";
import { attentionText } from "@/lib/connectors/attention";
import type { ConnectorListItem } from "@/lib/connectors/queries";

/**
 * The overview's Connectors card: how many are on, and every connector in trouble (failing, as its
 * page's banner says, or turned off by the hub) with what is wrong and a link to it.
 */
export function ConnectorsCard({ connectors }: { connectors: ConnectorListItem[] }) {
  const active = connectors.filter((c) => c.active).length;
  const inTrouble = connectors.flatMap((c) => (c.attention ? [{ ...c, attention: c.attention }] : []));
  const summary = `${active} active, ${connectors.length - active} off.${inTrouble.length ? ` ${inTrouble.length} ${inTrouble.length === 1 ? "needs" : "need"} attention.` : ""}`;
  return (
    <SectionCard title="Connectors" description={connectors.length === 0 ? "None yet." : summary}>
      {inTrouble.length ? (
        <ul className="space-y-2 text-sm">
          {inTrouble.map((c) => (
            <li key={c.id} className="flex gap-2">
              <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
              <span>
                <Link href={`/integrations/connectors/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                  {c.name}
                </Link>
                : {attentionText(c.attention)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <Link href="/integrations/connectors" className="text-sm underline-offset-2 hover:underline">
          {connectors.length ? "No connector needs attention." : "Set up an integration"}
        </Link>
      )}
    </SectionCard>
  );
}
