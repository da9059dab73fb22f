import type { Metadata } from "next";
import Link from "next/link";
import { CheckCircle2, Circle } from "lucide-react";
import { ConnectorsCard } from "@/components/home/connectors-card";
import { SectionCard } from "@/components/ui/section-card";
import { PageHeader } from "@/components/ui/page-header";
import { roleLabels } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { listConnectors } from "@/lib/connectors/queries";
import { deliveryStats } from "@/lib/delivery/logs/queries";
import { parseEventLogFilters } from "@/lib/delivery/logs/schemas";
import { listPrograms } from "@/lib/programs/queries";
import { hasAnyPushRule } from "@/lib/push-rules/queries";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { db, actor } = await requireCtx();
  const [programs, connectors, stats, anyRule] = await Promise.all([
    listPrograms(db),
    listConnectors(db),
    deliveryStats(db, parseEventLogFilters({ range: "24h" })),
    hasAnyPushRule(db),
  ]);
  const active = connectors.filter((c) => c.active).length;
  const steps = [
    { done: connectors.length > 0, label: "Set up a connector with the URL that should receive events", href: "/integrations/connectors" },
    { done: active > 0, label: "Switch it to Active once its Global variables are saved", href: "/integrations/connectors" },
    { done: anyRule, label: "Choose, per program, which events go to which connectors", href: "/integrations/push-rules" },
    { done: stats.totals.succeeded + stats.totals.failed + stats.totals.inProgress > 0, label: "Send events (API key under Settings → Programs) and watch them in the event logs", href: "/testing/event-logs" },
  ];
  const outcome = (label: string, value: number, status: string, tone: string) => (
    <Link href={`/testing/event-logs?status=${status}`} className="rounded-md border p-3 outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className={`text-2xl font-semibold tabular-nums ${tone}`}>{value}</p>
    </Link>
  );

  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name.split(" ")[0]}`}
        description={`Signed in as ${roleLabels[actor.role].toLowerCase()}. Connectors receive your programs' member events as signed webhooks.`}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <SectionCard
          className="lg:col-span-2"
          title="Deliveries in the last 24 hours"
          description="Open one to see the exact request and response."
          contentClassName="grid grid-cols-3 gap-3"
        >
          {outcome("Succeeded", stats.totals.succeeded, "succeeded", "text-success")}
          {outcome("Failed", stats.totals.failed, "failed", "text-destructive")}
          {outcome("Pending or retrying", stats.totals.inProgress, "pending,retrying", "")}
        </SectionCard>
        <ConnectorsCard connectors={connectors} />
        <SectionCard className="lg:col-span-2" title="Getting started" description="From a member event to a delivery you can inspect.">
          <ol className="space-y-2 text-sm">
            {steps.map((step) => (
              <li key={step.label} className="flex items-center gap-2">
                {step.done ? (
                  <CheckCircle2 className="size-4 shrink-0 text-success" aria-label="Done" />
                ) : (
                  <Circle className="size-4 shrink-0 text-muted-foreground" aria-label="To do" />
                )}
                <Link href={step.href} className={step.done ? "text-muted-foreground" : "underline-offset-2 hover:underline"}>
                  {step.label}
                </Link>
              </li>
            ))}
          </ol>
        </SectionCard>
        <SectionCard title="Programs" description="Loyalty programs whose member events this hub pushes.">
          {programs.length === 0 ? (
            <p className="text-sm text-muted-foreground">No programs yet.</p>
          ) : (
            <ul className="divide-y text-sm">
              {programs.map((p) => (
                <li key={p.id} className="py-2">
                  <Link href={`/settings/programs/${p.id}`} className="font-medium underline-offset-2 hover:underline">
                    {p.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </SectionCard>
      </div>
    </>
  );
}
