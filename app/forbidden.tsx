import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <ShieldAlert className="size-10 text-muted-foreground" aria-hidden />
      <p className="text-sm font-medium text-muted-foreground">Error 403</p>
      <h1 className="text-xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        Your role does not allow it. Ask an admin if you need access.
      </p>
      <Link href="/" className={buttonVariants({ variant: "outline" })}>
        Back to the overview
      </Link>
    </main>
  );
}
