import { Button } from "@/components/ui/button";
import { WithReason } from "@/components/ui/with-reason";

export function SaveBar({ pending, writeDenied, dirty }: { pending: boolean; writeDenied?: string; dirty: boolean }) {
  return (
    <div className="flex items-center gap-3 border-t pt-4">
      <WithReason reason={writeDenied}>
        <Button type="submit" disabled={pending || !!writeDenied}>
          Save
        </Button>
      </WithReason>
      {dirty ? <span className="text-xs text-muted-foreground">Unsaved changes</span> : null}
    </div>
  );
}
