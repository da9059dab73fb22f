export async function register() {
  // Only the Node.js server boots the app; the build and the edge runtime must not open the database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { boot } = await import("./lib/boot");
  // lib/ never imports the Inngest adapter: the engine picker loads it through here, and only when chosen.
  await boot({ inngest: async () => (await import("./inngest/dispatch")).inngestDispatcher });
}
