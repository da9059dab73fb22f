"use client";

import { useState } from "react";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useAction } from "@/components/hooks/use-action-form";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";

/** Dates arrive pre-formatted from the server so server and client render the same text. */
export type ApiKeyItem = {
  id: string;
  prefix: string;
  label: string;
  created: string;
  createdBy: string | null;
  lastUsed: string;
  revoked: string | null;
};

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
      <Table aria-label="API keys">
        <TableHeader>
          <TableRow>
            <TableHead>Key</TableHead>
            <TableHead>Label</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {keys.map((key) => (
            <TableRow key={key.id} data-testid={`api-key-row-${key.prefix}`}>
              <TableCell className="font-mono text-xs">{key.prefix}…</TableCell>
              <TableCell className="font-medium">{key.label}</TableCell>
              <TableCell className="text-muted-foreground">
                {key.created}
                {key.createdBy ? <span className="block text-xs">by {key.createdBy}</span> : null}
              </TableCell>
              <TableCell className="text-muted-foreground">{key.lastUsed}</TableCell>
              <TableCell>
                {key.revoked ? (
                  <Badge variant="secondary" title={`Revoked ${key.revoked}`}>
                    Revoked
                  </Badge>
                ) : (
                  <Badge variant="success">Active</Badge>
                )}
              </TableCell>
              <TableCell className="text-right">
                {key.revoked ? null : (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={pending}
                    aria-label={`Revoke ${key.prefix}…`}
                    onClick={() => setRevoking(key)}
                  >
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
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
                if (revoking) void revoke(revoking);
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
