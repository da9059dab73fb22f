import type { Metadata } from "next";
import { Layers } from "lucide-react";
import { PushRulesEditor } from "@/components/push-rules/push-rules-editor";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/queries";
import { getRuleMatrix } from "@/lib/push-rules/queries";

const title = "Push rules";

export const metadata: Metadata = { title };

export default async function PushRulesPage({ searchParams }: { searchParams: Promise<{ program?: string | string[] }> }) {
  const ctx = await requirePermission("push-rules.read");
  const [{ program: requested }, programs] = await Promise.all([searchParams, listPrograms(ctx.db)]);
  // An unknown or missing id shows the first program rather than an error: the URL is just a view.
  const program = programs.find((p) => p.id === requested) ?? programs[0];
  const matrix = program ? await getRuleMatrix(ctx.db, program.id) : null;
  return (
    <>
      <PageHeader title={title} description="Choose which events of a program are pushed to which connectors." />
      {program && matrix ? (
        <PushRulesEditor
          key={program.id}
          program={{ id: program.id, name: program.name }}
          programs={programs.map((p) => ({ id: p.id, name: p.name }))}
          connectors={matrix.connectors}
          rules={matrix.rules}
          readOnlyReason={deniedReason(ctx.actor.role, "push-rules.write")}
        />
      ) : (
        <EmptyState
          icon={<Layers />}
          title="No programs yet"
          description="Push rules belong to a program. Create a program first, then choose which of its events go where."
          link={{ href: "/settings/programs", label: "Settings → Programs", variant: "outline" }}
        />
      )}
    </>
  );
}
