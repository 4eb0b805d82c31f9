-- SAML sign-in bound to signed data (issue 17).
-- A project may refuse IdP-initiated (unsolicited) sign-ins; on by default, as before, for Okta
-- tiles and My Apps.
ALTER TABLE gh_saml_settings ADD COLUMN idp_initiated_allowed BOOLEAN DEFAULT TRUE NOT NULL;
-- The browser that sent an AuthnRequest: SHA-256 of the random secret in its flow cookie
-- (saml.BrowserFlow). The signed InResponseTo of a response must name a request of this browser.
ALTER TABLE gh_saml_request ADD COLUMN browser_hash VARCHAR(64);
