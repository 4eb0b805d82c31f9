-- SAML sign-in. Everything a sign-in needs that another node must see lives here, not in memory:
-- the SP key pair, the IdP metadata cache, the AuthnRequests this SP sent (InResponseTo), the
-- assertion IDs already used (replay) and the members' sign-in sessions (deactivation and Single
-- Logout end them on every node).

-- The project's SP key pair: certificate in PEM, private key encrypted with the key-encryption key.
ALTER TABLE gh_saml_settings ADD COLUMN sp_certificate ${text};
ALTER TABLE gh_saml_settings ADD COLUMN sp_private_key ${text};
ALTER TABLE gh_saml_settings ADD COLUMN sp_key_created_at ${ts};
-- IdP metadata fetched from idp_metadata_url (written without bumping the settings' version).
ALTER TABLE gh_saml_settings ADD COLUMN idp_metadata_cached ${text};
ALTER TABLE gh_saml_settings ADD COLUMN idp_metadata_fetched_at ${ts};
ALTER TABLE gh_saml_settings ADD COLUMN idp_metadata_error VARCHAR(1000);
ALTER TABLE gh_saml_settings ADD COLUMN idp_metadata_error_at ${ts};
-- Live status shown in the console.
ALTER TABLE gh_saml_settings ADD COLUMN last_sign_in_at ${ts};
ALTER TABLE gh_saml_settings ADD COLUMN last_failure_at ${ts};
ALTER TABLE gh_saml_settings ADD COLUMN last_failure_reason VARCHAR(1000);

CREATE TABLE gh_saml_request (
  id          VARCHAR(128) NOT NULL,
  project_id  VARCHAR(36)  NOT NULL,
  message     ${text}      NOT NULL,
  created_at  ${ts}        NOT NULL,
  CONSTRAINT pk_saml_request PRIMARY KEY (id),
  CONSTRAINT fk_saml_request_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_saml_request_created ON gh_saml_request (created_at);

-- id_hash: SHA-256 of project id and the Response or Assertion ID (IDs can be long)
CREATE TABLE gh_saml_replay (
  id_hash     VARCHAR(64)  NOT NULL,
  project_id  VARCHAR(36)  NOT NULL,
  expires_at  ${ts}        NOT NULL,
  CONSTRAINT pk_saml_replay PRIMARY KEY (id_hash),
  CONSTRAINT fk_saml_replay_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_saml_replay_expires ON gh_saml_replay (expires_at);

CREATE TABLE gh_member_session (
  id             VARCHAR(36)  NOT NULL,
  project_id     VARCHAR(36)  NOT NULL,
  user_id        VARCHAR(36)  NOT NULL,
  method         VARCHAR(16)  NOT NULL,
  name_id        VARCHAR(512),
  name_id_format VARCHAR(255),
  session_index  VARCHAR(255),
  created_at     ${ts}        NOT NULL,
  ended_at       ${ts},
  CONSTRAINT pk_member_session PRIMARY KEY (id),
  CONSTRAINT fk_member_session_user FOREIGN KEY (user_id) REFERENCES gh_user (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_member_session_user ON gh_member_session (user_id);
CREATE INDEX ix_member_session_index ON gh_member_session (project_id, session_index);

-- Password sign-in of regular users is throttled per user.
ALTER TABLE gh_user ADD COLUMN failed_sign_ins INT DEFAULT 0 NOT NULL;
ALTER TABLE gh_user ADD COLUMN sign_in_locked_until ${ts};
