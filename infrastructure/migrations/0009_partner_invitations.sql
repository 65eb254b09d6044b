-- Issue 16: partners by consent. Who each invitation to partner is addressed to.
-- The events (PartnerInvited ...) carry the invitation's id and, for an organisation not yet
-- registered, only its name: the focal point's email is personal data and lives here, until
-- the organisation's registration is approved; the invitation is then bound to the new
-- pledger (pledger_id) and the email is emptied. An invitation to a registered pledger has its
-- pledger_id from the start (the portal lists a pledger's invitations from here).
-- token_hash: the hash of the token in the emailed link to /register (prefilled from it).
CREATE TABLE partner_invitations (
    invitation_id uuid PRIMARY KEY,
    pledge_id uuid NOT NULL,
    pledger_id uuid,
    organisation text NOT NULL,
    email text,
    language text NOT NULL DEFAULT 'en',
    token_hash text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_invitations_pledger ON partner_invitations (pledger_id);
CREATE INDEX partner_invitations_email ON partner_invitations (lower(email))
    WHERE email IS NOT NULL;
