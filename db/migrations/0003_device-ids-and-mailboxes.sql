-- Known devices were kinds of device ("Chrome on macOS"); now each is a device id cookie's hash.
-- Rows from before keep their user's history ("has signed in before") under a hash no cookie
-- can match, so each of that user's devices is new once more (one alert each), never silently known.
ALTER TABLE "known_devices" ADD COLUMN "device_hash" text;--> statement-breakpoint
UPDATE "known_devices" SET "device_hash" = 'kind:' || "device";--> statement-breakpoint
ALTER TABLE "known_devices" ALTER COLUMN "device_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "known_devices" DROP CONSTRAINT "known_devices_user_id_device_pk";--> statement-breakpoint
ALTER TABLE "known_devices" ADD CONSTRAINT "known_devices_user_id_device_hash_pk" PRIMARY KEY("user_id","device_hash");--> statement-breakpoint
-- Challenges from before count against their exact address's mailbox, from no known device.
ALTER TABLE "sign_in_challenges" ADD COLUMN "mailbox" text;--> statement-breakpoint
UPDATE "sign_in_challenges" SET "mailbox" = "email";--> statement-breakpoint
ALTER TABLE "sign_in_challenges" ALTER COLUMN "mailbox" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_challenges" ADD COLUMN "device_hash" text;--> statement-breakpoint
ALTER TABLE "sign_in_challenges" ADD COLUMN "known_device" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "sign_in_challenges_mailbox_created_idx" ON "sign_in_challenges" USING btree ("mailbox","created_at");
