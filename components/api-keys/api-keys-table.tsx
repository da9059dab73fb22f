"use client";

import { useState, useTransition } from "react";
import { KeyRound } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable } from "@/components/ui/data-table";
import { toast } from "@/components/ui/toast";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";
import { apiKeyColumns, type ApiKeyItem } from "./columns";

export function ApiKeysTable({ keys }: { keys: ApiKeyItem[] }) {
  const [revoking, setRevoking] = useState<ApiKeyItem | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke(key: ApiKeyItem) {
    startTransition(async () => {
      const result = await revokeApiKeyAction({ id: key.id });
      if (result.ok) toast.success(`Revoked ${key.prefix}… (${key.label})`);
      else toast.error(result.message);
      setRevoking(null);
    });
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
      <DataTable
        aria-label="API keys"
        columns={apiKeyColumns({ pending, onRevoke: setRevoking })}
        data={keys}
        getRowId={(key) => key.id}
        rowProps={(key) => ({ "data-testid": `api-key-row-${key.prefix}` })}
      />
      <AlertDialog open={!!revoking} onOpenChange={(open) => !open && !pending && setRevoking(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke this API key?</AlertDialogTitle>
            <AlertDialogDescription>
              Requests with {revoking?.prefix}… ({revoking?.label}) will be refused at once. This cannot be undone:
              the backend using it needs a new key.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={pending}
              onClick={(e) => {
                // Stay open until the server answers.
                e.preventDefault();
                if (revoking) revoke(revoking);
              }}
            >
              Revoke key
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
