import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-medium text-muted-foreground">Error 404</p>
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <Link href="/" className={buttonVariants({ variant: "outline" })}>
        Back to the overview
      </Link>
    </main>
  );
}
