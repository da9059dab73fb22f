import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { InboxScreen } from "@/components/test-inbox/inbox-screen";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listInboxes, listInboxRequests } from "@/lib/test-inbox/queries";

const title = "Inbox";

export const metadata: Metadata = { title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const header = (
  <PageHeader
    title={title}
    description="Requests the hub's built-in test inboxes received: headers, body, and whether each signature verifies with the connector's secret."
  />
);

export default async function InboxPage({ searchParams }: Props) {
  const ctx = await requirePermission("event-logs.read");
  if (!env().testInbox) {
    return (
      <>
        {header}
        <EmptyState
          icon={<Inbox />}
          title="The test inbox is off"
          description="It is off in production. To turn it on, start the hub with TEST_INBOX=true; its capture URLs then accept requests again."
        />
      </>
    );
  }
  const { inbox } = await searchParams;
  const inboxes = await listInboxes(ctx.db, ctx.actor.role);
  const selected = inboxes.find((i) => i.id === inbox) ?? inboxes[0];
  if (!selected) {
    return (
      <>
        {header}
        <EmptyState
          icon={<Inbox />}
          title="No test inbox yet"
          description={
            <>
              Open a connector, go to <strong>Global variables</strong>, press <strong>Use a test inbox</strong> and <strong>Save</strong>. Then press{" "}
              <strong>Send test event</strong>: the request shows up here.
            </>
          }
        />
      </>
    );
  }
  const page = await listInboxRequests(ctx.db, ctx.actor.role, selected.id);
  return (
    <>
      {header}
      <InboxScreen key={selected.id} inboxes={inboxes} selected={selected} initialPage={page} writeDenied={deniedReason(ctx.actor.role, "connectors.write")} />
    </>
  );
}
