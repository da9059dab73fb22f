"use client";

import { useRouter } from "next/navigation";
import { Loader2, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { WithReason } from "@/components/ui/with-reason";
import { useAction } from "@/components/hooks/use-action-form";
import { resendDeliveryAction } from "@/lib/delivery/logs/replay-actions";

export function ResendButton({ deliveryId, disabledReason }: { deliveryId: string; disabledReason?: string }) {
  const router = useRouter();
  const { pending, run } = useAction();
  return (
    <WithReason reason={disabledReason}>
      <Button
        variant="outline"
        disabled={pending || !!disabledReason}
        onClick={async () => {
          const result = await run(() => resendDeliveryAction({ deliveryId }));
          if (result.ok && result.data.success) toast.success("Resent: the receiver accepted it.");
          else if (result.ok) toast.warning("Resent: the receiver did not accept it. See the new attempt.");
          router.refresh();
        }}
      >
        {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <RotateCw className="size-4" aria-hidden />}
        Resend
      </Button>
    </WithReason>
  );
}
