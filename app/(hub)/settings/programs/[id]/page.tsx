import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { CreateApiKeyDialog } from "@/components/api-keys/create-api-key-dialog";
import { formatUtc } from "@/lib/format";
import { ProgramNameDialog } from "@/components/programs/program-name-dialog";
import { SectionCard } from "@/components/ui/section-card";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/api-keys/queries";
import { can, deniedReason } from "@/lib/auth/permissions";
import { currentCtx, requirePermission } from "@/lib/auth/session";
import { getProgram } from "@/lib/programs/queries";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Titles only for those allowed to read programs; the page itself answers everyone else.
  const ctx = await currentCtx("programs.read");
  if (!ctx) return { title: "Program" };
  const program = await getProgram(ctx.db, (await params).id);
  return { title: program?.name ?? "Program" };
}

export default async function ProgramPage({ params }: Props) {
  const ctx = await requirePermission("programs.read");
  const program = await getProgram(ctx.db, (await params).id);
  if (!program) notFound();
  const role = ctx.actor.role;
  const keys = can(role, "api-keys.read") ? await listApiKeys(ctx.db, program.id) : null;

  return (
    <>
      <Link
        href="/settings/programs"
        className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ChevronLeft className="size-4" aria-hidden /> Programs
      </Link>
      <PageHeader
        title={program.name}
        description={
          <>
            Created {formatUtc(program.createdAt, "date")} · ID <code className="font-mono text-xs">{program.id}</code>
          </>
        }
        actions={
          <ProgramNameDialog
            mode="rename"
            size="default"
            program={{ id: program.id, name: program.name }}
            disabledReason={deniedReason(role, "programs.write")}
          />
        }
      />
      {keys ? (
        <SectionCard
          title={<h2>API keys</h2>}
          description={
            <>
              The program&apos;s backend sends member events to <code className="font-mono text-xs">POST /api/v1/events</code>{" "}
              with <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>. Keys are stored hashed: the
              full key is shown once, when it is created.
            </>
          }
          contentClassName="grid gap-4"
        >
          {can(role, "api-keys.write") ? <CreateApiKeyDialog programId={program.id} /> : null}
          <ApiKeysTable
            keys={keys.map((k) => ({
              id: k.id,
              prefix: k.prefix,
              label: k.label,
              created: formatUtc(k.createdAt),
              createdBy: k.createdByEmail,
              lastUsed: formatUtc(k.lastUsedAt),
              revoked: k.revokedAt ? formatUtc(k.revokedAt) : null,
            }))}
          />
        </SectionCard>
      ) : (
        <p className="text-sm text-muted-foreground">API keys for this program are visible to admins only.</p>
      )}
    </>
  );
}
