CREATE TABLE "login_address_throttles" (
	"address" text PRIMARY KEY NOT NULL,
	"theoretical_arrival_at" timestamp with time zone NOT NULL
);
