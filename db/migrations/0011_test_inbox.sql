CREATE TYPE "public"."signature_verdict" AS ENUM('valid', 'invalid', 'missing');--> statement-breakpoint
CREATE TYPE "public"."test_inbox_response_mode" AS ENUM('always-200', 'fail-every-3rd');--> statement-breakpoint
CREATE TABLE "test_inbox_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inbox_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"method" text NOT NULL,
	"headers" jsonb NOT NULL,
	"secret_header_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"body" text NOT NULL,
	"body_truncated" boolean DEFAULT false NOT NULL,
	"qualifio_signature" "signature_verdict" NOT NULL,
	"standard_signature" "signature_verdict" NOT NULL,
	"response_status" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_inboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token" text NOT NULL,
	"connector_id" uuid NOT NULL,
	"response_mode" "test_inbox_response_mode" DEFAULT 'always-200' NOT NULL,
	"request_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_inboxes_token_unique" UNIQUE("token"),
	CONSTRAINT "test_inboxes_connector_id_unique" UNIQUE("connector_id")
);
--> statement-breakpoint
ALTER TABLE "test_inbox_requests" ADD CONSTRAINT "test_inbox_requests_inbox_id_test_inboxes_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."test_inboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_inboxes" ADD CONSTRAINT "test_inboxes_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_inboxes" ADD CONSTRAINT "test_inboxes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_inbox_requests_inbox_idx" ON "test_inbox_requests" USING btree ("inbox_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "test_inbox_requests_received_idx" ON "test_inbox_requests" USING btree ("received_at");