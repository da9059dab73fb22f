import { AppSidebar } from "@/components/layout/app-sidebar";
import { MobileHeader } from "@/components/layout/mobile-header";
import { requireActor } from "@/lib/auth/session";

export default async function HubLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const user = { name: actor.name, email: actor.email, role: actor.role };
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <MobileHeader user={user} />
      <AppSidebar user={user} />
      {/* The bottom padding keeps a page's last controls (Load older, a form's Save) clear of the toasts, bottom right. */}
      <main className="min-w-0 flex-1 px-4 pt-6 pb-32 md:px-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
