import type { Metadata } from "next";
import { CatalogCard } from "@/components/event-catalog/catalog-card";
import { CodeBlock } from "@/components/ui/code-block";
import { SectionCard } from "@/components/ui/section-card";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { operationalEventTypes, operationalExample } from "@/lib/alerts/operational";
import { requirePermission } from "@/lib/auth/session";
import { catalogEntry, jsonSchemaFor } from "@/lib/events/catalog";
import { exampleWebhookBody, verifyNode, verifyPython } from "@/lib/events/samples";
import { eventTypes } from "@/lib/events/types";

const title = "Event catalog";

export const metadata: Metadata = { title };

export default async function EventCatalogPage() {
  await requirePermission("event-catalog.read");
  return (
    <>
      <PageHeader
        title={title}
        description="The member events a connector can receive. Each request is a JSON array of events, signed with the connector's secret."
      />
      <SectionCard
        className="mb-6"
        title="Verify the signature"
        description={
          <>
            Every request carries <code className="font-mono">X-Qualifio-Signature: sha256=&lt;hex&gt;</code>, an HMAC-SHA256 of the
            exact body bytes with your webhook secret. Use <code className="font-mono">X-Qualifio-Delivery</code> as an idempotency key:
            it is the same on every retry.
          </>
        }
      >
        <Tabs defaultValue="node">
          <TabsList>
            <TabsTrigger value="node">Node.js</TabsTrigger>
            <TabsTrigger value="python">Python</TabsTrigger>
          </TabsList>
          <TabsContent value="node">
            <CodeBlock code={verifyNode} label="Node.js verification snippet" />
          </TabsContent>
          <TabsContent value="python">
            <CodeBlock code={verifyPython} label="Python verification snippet" />
          </TabsContent>
        </Tabs>
      </SectionCard>
      <div className="grid gap-4">
        {eventTypes.map(({ id, label }) => {
          const schema = jsonSchemaFor(id);
          return (
            <CatalogCard key={id} id={id} label={label} description={catalogEntry(id).description}>
              <Tabs defaultValue="example">
                <TabsList>
                  <TabsTrigger value="example">Example body</TabsTrigger>
                  <TabsTrigger value="data">data schema</TabsTrigger>
                  <TabsTrigger value="member">member schema</TabsTrigger>
                </TabsList>
                <TabsContent value="example">
                  <CodeBlock code={exampleWebhookBody(id)} label={`${label} example body`} />
                </TabsContent>
                <TabsContent value="data">
                  <CodeBlock code={JSON.stringify(schema.data, null, 2)} label={`${label} data JSON Schema`} />
                </TabsContent>
                <TabsContent value="member">
                  <CodeBlock code={JSON.stringify(schema.member, null, 2)} label={`${label} member JSON Schema`} />
                </TabsContent>
              </Tabs>
            </CatalogCard>
          );
        })}
      </div>
      <section id="operational-events" aria-labelledby="operational-events-title" className="mt-10 space-y-4">
        <div className="space-y-1">
          <h2 id="operational-events-title" className="text-lg font-semibold tracking-tight">
            Operational events
          </h2>
          <p className="text-sm text-muted-foreground">
            What the hub says about its own connectors: sent only to a connector chosen as another connector&apos;s{" "}
            <strong className="font-medium text-foreground">Alert destination</strong> (its Alerts card), once per episode. Same
            envelope, headers and signature as member events: a JSON array holding one event, signed with the destination&apos;s
            secret; <code className="font-mono">X-Qualifio-Event</code> carries the type and{" "}
            <code className="font-mono">X-Qualifio-Delivery</code> the alert&apos;s id, the same on every retry. In place of{" "}
            <code className="font-mono">program</code> and <code className="font-mono">member</code> they carry the{" "}
            <code className="font-mono">connector</code> the alert is about; <code className="font-mono">test</code> is always false.
          </p>
        </div>
        <div className="grid gap-4">
          {operationalEventTypes.map(({ id, label, description }) => (
            <CatalogCard key={id} id={id} label={label} description={description}>
              <CodeBlock code={operationalExample(id)} label={`${label} example body`} />
            </CatalogCard>
          ))}
        </div>
      </section>
    </>
  );
}
