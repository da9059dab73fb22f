import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, connectors, deliveries } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { useEnv } from "@/test/support/env";
import { makeCtx } from "@/test/support/factories";
import { adminAndProgram, ingestExample, setUpConnector, subscribe } from "@/test/support/pipeline";
import { getConnectorView } from "./queries";
import { updateGlobalVariables } from "./service";

/* The connector option "Deliver each member's events in order": saved, audited, applied to open deliveries. */

const database = useTestDatabase();
const setEnv = useEnv();

const settings = (connectorId: string, orderedByMember: boolean) => ({
  connectorId,
  notificationUrl: "http://127.0.0.1:9/hook",
  secret: "",
  authHeaderName: "",
  customHeaders: [],
  signatureScheme: "qualifio",
  timeoutMs: 5000,
  orderedByMember,
});

describe("Deliver each member's events in order", () => {
  it("is saved and audited, and orders the connector's open deliveries from then on (and stops when off)", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    const connectorId = await setUpConnector(admin, { url: "http://127.0.0.1:9/hook", active: false });
    await db.update(connectors).set({ active: true }).where(eq(connectors.id, connectorId));
    await subscribe(db, program.id, connectorId, "points.earned");
    const eventId = await ingestExample(db, program.id, "points.earned");
    const open = () => db.select({ memberId: deliveries.memberId }).from(deliveries).where(eq(deliveries.eventId, eventId));
    expect((await open())[0]?.memberId).toBeNull();

    await updateGlobalVariables(admin, settings(connectorId, true));
    expect((await getConnectorView(db, connectorId, "admin"))?.orderedByMember).toBe(true);
    expect((await open())[0]?.memberId).toEqual(expect.any(String));
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, connectorId), eq(auditLog.action, "connector.updated")));
    expect(audits.map((a) => a.changes?.orderedByMember).filter(Boolean)).toEqual([{ before: false, after: true }]);

    await updateGlobalVariables(admin, settings(connectorId, false));
    expect((await open())[0]?.memberId).toBeNull();
  });

  it("is refused with a field message under the Inngest engine", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const connectorId = await setUpConnector(admin, { url: "http://127.0.0.1:9/hook", active: false });
    setEnv({ DELIVERY_ENGINE: "inngest", INNGEST_DEV: "1" });
    const error = await updateGlobalVariables(admin, settings(connectorId, true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors?.orderedByMember?.[0]).toMatch(/Not available with the Inngest engine/);
    const [row] = await db.select({ ordered: connectors.orderedByMember }).from(connectors).where(eq(connectors.id, connectorId));
    expect(row?.ordered).toBe(false);
  });
});
