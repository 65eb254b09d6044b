-- Issue 16: matching. Each pledge row says which kinds of support a matching pledge seeks
-- (the filter of /matching) and which pledges matched it through accepted offers (so that
-- an offering pledge's page can say "matches GCM-..."). Rows made before hold neither.
ALTER TABLE pledge_summaries ADD COLUMN seeking text[] NOT NULL DEFAULT '{}';
ALTER TABLE pledge_summaries ADD COLUMN match_pledge_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE pledge_summaries ADD COLUMN matcher_ids uuid[] NOT NULL DEFAULT '{}';
-- The pledgers that offered support (any answer): "My pledges" lists their offers.
ALTER TABLE pledge_summaries ADD COLUMN offerer_ids uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX pledge_summaries_match_pledges ON pledge_summaries USING gin (match_pledge_ids);
CREATE INDEX pledge_summaries_matchers ON pledge_summaries USING gin (matcher_ids);
CREATE INDEX pledge_summaries_offerers ON pledge_summaries USING gin (offerer_ids);
