-- Issue 18: lists sort by the days events took effect, not by when they were recorded.
-- `last_effective_on` is the latest day an event of the pledge took effect (a report's own
-- date, a fulfilment's, the day it was pledged; domain/effective.py). Rows made before it
-- are given the latest of the days they already hold; a rebuild of the projection
-- (`pledges projections rebuild pledge_summaries`) makes it exact.
ALTER TABLE pledge_summaries ADD COLUMN last_effective_on date;
UPDATE pledge_summaries SET last_effective_on = GREATEST(
    pledged_on, last_report_on, fulfilled_on, closed_on);
-- "Newest first" sorts on pledged_on (indexed since 0001); "recently active" on this.
CREATE INDEX pledge_summaries_last_effective_on
    ON pledge_summaries (last_effective_on, pledge_id);
