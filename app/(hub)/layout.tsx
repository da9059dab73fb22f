import { AppSidebar } from "@/components/layout/app-sidebar";
import { requireActor } from "@/lib/auth/session";

export default async function HubLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="flex min-h-screen">
      <AppSidebar user={{ name: actor.name, email: actor.email, role: actor.role }} />
      <main className="min-w-0 flex-1 px-8 py-6">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
