-- Reserved for a migration of a branch written at the same time (issue 15's review and
-- registration, or issue 18's dates): this placeholder only keeps the numbers without a gap on
-- the h18-chain branch, whose migration is 0005. When that branch is merged, its file replaces
-- this one.
SELECT 1;
