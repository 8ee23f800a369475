-- One vocabulary for a challenge's status (db/schema.ts, ChallengeStatus): a redeemed challenge is "used".
UPDATE "sign_in_challenges" SET "end_reason" = 'used' WHERE "end_reason" = 'redeemed';
