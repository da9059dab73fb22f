CREATE INDEX "deliveries_status_created_idx" ON "deliveries" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_event_type_created_idx" ON "deliveries" USING btree ("event_type","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_program_created_idx" ON "deliveries" USING btree ("program_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_member_id_idx" ON "events" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "events_member_email_idx" ON "events" USING btree (lower("member_email") text_pattern_ops);