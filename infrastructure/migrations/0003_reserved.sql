-- Placeholder for h15-reg's 0003_registration_requests.sql (migrations are numbered with no
-- gap): drop this file when that branch lands; it changes nothing.
SELECT 1;
