import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { roleLabels } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/queries";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const actor = await requireActor();
  const programs = await listPrograms(getDb());
  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name.split(" ")[0]}`}
        description={`Signed in as ${roleLabels[actor.role].toLowerCase()}. Connectors receive your programs' member events as signed webhooks.`}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Programs</CardTitle>
            <CardDescription>Loyalty programs whose member events this hub pushes.</CardDescription>
          </CardHeader>
          <CardContent>
            {programs.length === 0 ? (
              <p className="text-sm text-muted-foreground">No programs yet.</p>
            ) : (
              <ul className="divide-y text-sm">
                {programs.map((p) => (
                  <li key={p.id} className="flex items-center justify-between py-2">
                    <span className="font-medium">{p.name}</span>
                    <span className="text-xs text-muted-foreground">since {p.createdAt.toISOString().slice(0, 10)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>How it works</CardTitle>
            <CardDescription>From a member event to a delivery you can inspect.</CardDescription>
          </CardHeader>
          <CardContent>
            <ol className="list-decimal space-y-1.5 pl-4 text-sm text-muted-foreground">
              <li>Set up a connector with the URL that should receive events.</li>
              <li>Choose, per program, which events go to which connectors.</li>
              <li>Every event becomes a signed HTTP POST, retried until it succeeds.</li>
              <li>Inspect each request and response in the event logs.</li>
            </ol>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
