-- Issue 15: review before publication. Each pledge row says where its review stands
-- (pending, returned, published); public reads show published rows only
-- (projections/listing.py). Every row already here was made from pledges recorded before
-- review existed, which count as published: the default says so, and the live projections
-- and a rebuild (from each `Submitted`'s own field) give new rows theirs.
ALTER TABLE pledge_summaries ADD COLUMN review text NOT NULL DEFAULT 'published';
ALTER TABLE dashboard_rows ADD COLUMN review text NOT NULL DEFAULT 'published';
ALTER TABLE deadline_rows ADD COLUMN review text NOT NULL DEFAULT 'published';

-- The Secretariat's review queue: pending pledges, oldest first.
CREATE INDEX pledge_summaries_review ON pledge_summaries (review, submitted_at, pledge_id);
