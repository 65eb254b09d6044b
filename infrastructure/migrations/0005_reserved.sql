-- Reserved for another branch's migration of issue 18 or 15, written at the same time as
-- 0006: this placeholder only keeps the numbers without a gap on the h18-dates branch. When
-- the branches are merged, the real 0005 replaces this file.
SELECT 1;
