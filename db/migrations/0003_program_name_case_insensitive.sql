ALTER TABLE "programs" DROP CONSTRAINT "programs_name_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "programs_name_lower_idx" ON "programs" USING btree (lower("name"));