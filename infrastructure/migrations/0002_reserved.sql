-- Reserved for issue 15's review and registration migration (branch h15-review), written at
-- the same time as 0003: this placeholder only keeps the numbers without a gap on the
-- h15-mail branch. When both are merged, that branch's 0002 replaces this file.
SELECT 1;
