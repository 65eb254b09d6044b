-- Issue 17: what the consolidated report and the exports show beyond a pledge's summary
-- (targets with their latest values, partners, matches, the latest report's narrative), kept
-- by the summaries projection (projections/details.py). Rows projected before this column
-- hold NULL until `pledges projections rebuild pledge_summaries` (README: upgrading).
ALTER TABLE pledge_summaries ADD COLUMN IF NOT EXISTS details jsonb;
