CREATE TABLE "connector_throttles" (
	"connector_id" uuid PRIMARY KEY NOT NULL,
	"theoretical_arrival_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connector_throttles" ADD CONSTRAINT "connector_throttles_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_connector_due_idx" ON "deliveries" USING btree ("connector_id","next_attempt_at") WHERE "deliveries"."status" in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "deliveries_connector_test_due_idx" ON "deliveries" USING btree ("connector_id","next_attempt_at") WHERE "deliveries"."test" and "deliveries"."status" in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "deliveries_leased_idx" ON "deliveries" USING btree ("connector_id","locked_until") WHERE "deliveries"."locked_until" is not null;