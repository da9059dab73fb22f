import { AppSidebar } from "@/components/layout/app-sidebar";
import { requireActor } from "@/lib/auth/session";

export default async function HubLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="flex min-h-screen">
      <AppSidebar user={{ name: actor.name, email: actor.email, role: actor.role }} />
      {/* The bottom padding keeps a page's last controls (Load older, a form's Save) clear of the toasts, bottom right. */}
      <main className="min-w-0 flex-1 px-8 pt-6 pb-32">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
