import type { Metadata } from "next";
import { CodeBlock } from "@/components/ui/code-block";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { requirePermission } from "@/lib/auth/session";
import { catalogEntry, jsonSchemaFor } from "@/lib/events/catalog";
import { exampleWebhookBody, verifyNode, verifyPython } from "@/lib/events/samples";
import { eventTypes } from "@/lib/events/types";

export const metadata: Metadata = { title: "Event catalog" };

export default async function EventCatalogPage() {
  await requirePermission("event-catalog.read");
  return (
    <>
      <PageHeader
        title="Event catalog"
        description="The member events a connector can receive. Each request is a JSON array of events, signed with the connector's secret."
      />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Verify the signature</CardTitle>
          <CardDescription>
            Every request carries <code className="font-mono">X-Qualifio-Signature: sha256=&lt;hex&gt;</code>, an HMAC-SHA256 of the
            exact body bytes with your webhook secret. Use <code className="font-mono">X-Qualifio-Delivery</code> as an idempotency key:
            it is the same on every retry.
          </CardDescription>
        </CardHeader>
        <CardContent>
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
        </CardContent>
      </Card>
      <div className="grid gap-4">
        {eventTypes.map(({ id, label }) => {
          const schema = jsonSchemaFor(id);
          return (
            <Card key={id} id={id} role="region" aria-labelledby={`${id}-title`}>
              <CardHeader>
                <CardTitle id={`${id}-title`} className="flex items-center gap-2">
                  {label} <Badge variant="outline" className="font-mono">{id}</Badge>
                </CardTitle>
                <CardDescription>{catalogEntry(id).description}</CardDescription>
              </CardHeader>
              <CardContent>
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
              </CardContent>
            </Card>
          );
        })}
      </div>
    </>
  );
}
