-- The sign-in trace: one row per SAML response posted to a project's ACS, accepted or refused, so an
-- admin can see what the IdP sent and which check decided. Kept 7 days and at most about 1,000 per
-- project (saml.SignInAttempts trims, saml.SignInAttemptRetention purges). checks: a JSON array of
-- {name, passed, detail}; message: the decoded XML, pretty-printed, signature values shortened,
-- capped at 64 KiB. Removed with the project.
CREATE TABLE gh_sign_in_attempt (
  id            VARCHAR(36)   NOT NULL,
  project_id    VARCHAR(36)   NOT NULL,
  attempted_at  ${ts}         NOT NULL,
  outcome       VARCHAR(16)   NOT NULL,
  reason        VARCHAR(40),
  user_name     VARCHAR(320),
  checks        ${text}       NOT NULL,
  message       ${text},
  CONSTRAINT pk_sign_in_attempt PRIMARY KEY (id),
  CONSTRAINT fk_sign_in_attempt_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_sign_in_attempt_project ON gh_sign_in_attempt (project_id, attempted_at);
CREATE INDEX ix_sign_in_attempt_time ON gh_sign_in_attempt (attempted_at);

-- The IdP certificate and metadata expiry warnings already audited, one row per warning (e.g.
-- "certificate-expiring:<SHA-256>"), so each is audited once however often the status is read.
CREATE TABLE gh_idp_expiry_notice (
  project_id  VARCHAR(36)   NOT NULL,
  notice      VARCHAR(120)  NOT NULL,
  audited_at  ${ts}         NOT NULL,
  CONSTRAINT pk_idp_expiry_notice PRIMARY KEY (project_id, notice),
  CONSTRAINT fk_idp_expiry_notice_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
