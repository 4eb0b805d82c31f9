-- SCIM provisioning. Attributes the IdP sends that Gatehouse does not model in columns (title,
-- phoneNumbers, the enterprise extension...) are kept as the client sent them, so they round-trip;
-- the attributes SCIM filters on have columns and indexes.
ALTER TABLE gh_user ADD COLUMN scim_attributes ${text};
-- emails.value is case-insensitive (RFC 7643 4.1.2): filtered on its lower-cased key
ALTER TABLE gh_user ADD COLUMN email_key VARCHAR(320);
ALTER TABLE gh_user ADD COLUMN email_type VARCHAR(32);
UPDATE gh_user SET email_key = LOWER(email) WHERE email IS NOT NULL;
CREATE INDEX ix_user_email ON gh_user (project_id, email_key);
CREATE INDEX ix_user_modified ON gh_user (project_id, last_modified);
