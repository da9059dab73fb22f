CREATE TYPE "public"."alert_kind" AS ENUM('connector.failing', 'connector.disabled', 'connector.recovered');--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"kind" "alert_kind" NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"destination_id" uuid,
	"destination_status" integer,
	"destination_error" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "push_rule_skips" (
	"program_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"connector_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "push_rule_skips_program_id_event_type_connector_id_hour_pk" PRIMARY KEY("program_id","event_type","connector_id","hour")
);
--> statement-breakpoint
CREATE TABLE "resends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"url" text NOT NULL,
	"url_changed" boolean NOT NULL,
	"body_changed" boolean NOT NULL,
	"original_body" text NOT NULL,
	"request_headers" jsonb NOT NULL,
	"request_body" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"response_status" integer,
	"response_headers" jsonb,
	"response_body" text,
	"response_truncated" boolean DEFAULT false NOT NULL,
	"error_code" text,
	"error" text,
	"success" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "alerts_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "ordered_by_member" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "alert_after_failures" integer DEFAULT 5;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "alert_success_rate_below" integer;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "alert_destination_id" uuid;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "alert_state" text;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "alert_state_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "push_rules" ADD COLUMN "filter" jsonb;--> statement-breakpoint
ALTER TABLE "push_rules" ADD COLUMN "filter_path" text;--> statement-breakpoint
ALTER TABLE "push_rules" ADD COLUMN "filter_vars" jsonb;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "member_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_destination_id_connectors_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resends" ADD CONSTRAINT "resends_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resends" ADD CONSTRAINT "resends_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_connector_created_idx" ON "alerts" USING btree ("connector_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "resends_delivery_created_idx" ON "resends" USING btree ("delivery_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_alert_destination_id_connectors_id_fk" FOREIGN KEY ("alert_destination_id") REFERENCES "public"."connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_member_open_idx" ON "deliveries" USING btree ("connector_id","member_id","seq") WHERE "deliveries"."status" in ('pending', 'retrying') and "deliveries"."member_id" is not null;