"use client";

import { useState } from "react";
import { KeyRound } from "lucide-react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable } from "@/components/ui/data-table";
import { useAction } from "@/components/hooks/use-action-form";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";
import { apiKeyColumns, type ApiKeyItem } from "./columns";

export function ApiKeysTable({ keys }: { keys: ApiKeyItem[] }) {
  const [revoking, setRevoking] = useState<ApiKeyItem | null>(null);
  const { pending, run } = useAction();

  async function revoke(key: ApiKeyItem) {
    await run(() => revokeApiKeyAction({ id: key.id }), { success: `Revoked ${key.prefix}… (${key.label})` });
    setRevoking(null);
  }

  if (keys.length === 0) {
    return (
      <EmptyState
        icon={<KeyRound />}
        title="No API keys yet"
        description="Create one for each backend that sends this program's member events, so each can be revoked on its own."
      />
    );
  }

  return (
    <>
      <DataTable aria-label="API keys" columns={apiKeyColumns({ pending, onRevoke: setRevoking })} data={keys} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(open) => !open && setRevoking(null)}
        title="Revoke this API key?"
        description={
          <>
            Requests with {revoking?.prefix}… ({revoking?.label}) will be refused at once. This cannot be undone: the backend using it
            needs a new key.
          </>
        }
        confirmLabel="Revoke key"
        pending={pending}
        onConfirm={() => {
          if (revoking) void revoke(revoking);
        }}
      />
    </>
  );
}
