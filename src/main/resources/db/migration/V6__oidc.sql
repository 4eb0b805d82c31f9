-- OpenID Connect provider per project. Everything an authorization needs (pending requests, codes,
-- refresh tokens, which applications a member session handed tokens to, back-channel deliveries)
-- lives here, so any node answers any step. Secrets and codes are stored only as SHA-256 hashes;
-- signing keys' private halves are encrypted with the key-encryption key.

-- Members' sessions are also found by their own cookie (hash stored), so a sign-in started on one
-- node finishes on another; ended_reason tells a deactivation from a sign-out.
ALTER TABLE gh_member_session ADD COLUMN cookie_hash VARCHAR(64);
ALTER TABLE gh_member_session ADD COLUMN ended_reason VARCHAR(32);
CREATE INDEX ix_member_session_cookie ON gh_member_session (cookie_hash);
CREATE INDEX ix_member_session_project_user ON gh_member_session (project_id, user_id);

CREATE TABLE gh_application (
  id                        VARCHAR(36)   NOT NULL,
  project_id                VARCHAR(36)   NOT NULL,
  client_id                 VARCHAR(64)   NOT NULL,
  name                      VARCHAR(200)  NOT NULL,
  public_client             BOOLEAN       NOT NULL,
  redirect_uris             ${text}       NOT NULL,
  post_logout_redirect_uris ${text}       NOT NULL,
  backchannel_logout_uri    VARCHAR(2000),
  access_token_seconds      INT           NOT NULL,
  created_at                ${ts}         NOT NULL,
  last_modified             ${ts}         NOT NULL,
  version                   BIGINT        NOT NULL,
  CONSTRAINT pk_application PRIMARY KEY (id),
  CONSTRAINT uq_application_client_id UNIQUE (client_id),
  CONSTRAINT fk_application_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_application_project ON gh_application (project_id);

CREATE TABLE gh_application_secret (
  id              VARCHAR(36)  NOT NULL,
  application_id  VARCHAR(36)  NOT NULL,
  secret_hash     VARCHAR(64)  NOT NULL,
  created_at      ${ts}        NOT NULL,
  revoked_at      ${ts},
  CONSTRAINT pk_application_secret PRIMARY KEY (id),
  CONSTRAINT fk_application_secret_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_application_secret_app ON gh_application_secret (application_id);

-- kid = id; public_jwk is the public JWK JSON; retired_at: no longer signs, still published until
-- the tokens it signed have expired.
CREATE TABLE gh_oidc_key (
  id           VARCHAR(36)  NOT NULL,
  project_id   VARCHAR(36)  NOT NULL,
  public_jwk   ${text}      NOT NULL,
  private_key  ${text}      NOT NULL,
  created_at   ${ts}        NOT NULL,
  retired_at   ${ts},
  CONSTRAINT pk_oidc_key PRIMARY KEY (id),
  CONSTRAINT fk_oidc_key_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_oidc_key_project ON gh_oidc_key (project_id);

-- An authorization request waiting for the person to sign in at the IdP.
CREATE TABLE gh_oidc_pending (
  id              VARCHAR(36)   NOT NULL,
  project_id      VARCHAR(36)   NOT NULL,
  application_id  VARCHAR(36)   NOT NULL,
  redirect_uri    VARCHAR(2000) NOT NULL,
  scope           VARCHAR(1000) NOT NULL,
  state           ${text},
  nonce           ${text},
  code_challenge  VARCHAR(128),
  force_login     BOOLEAN       NOT NULL,
  login_hint      VARCHAR(320),
  created_at      ${ts}         NOT NULL,
  expires_at      ${ts}         NOT NULL,
  CONSTRAINT pk_oidc_pending PRIMARY KEY (id),
  CONSTRAINT fk_oidc_pending_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_oidc_pending_expires ON gh_oidc_pending (expires_at);

CREATE TABLE gh_oidc_code (
  code_hash          VARCHAR(64)   NOT NULL,
  project_id         VARCHAR(36)   NOT NULL,
  application_id     VARCHAR(36)   NOT NULL,
  member_session_id  VARCHAR(36)   NOT NULL,
  user_id            VARCHAR(36)   NOT NULL,
  redirect_uri       VARCHAR(2000) NOT NULL,
  scope              VARCHAR(1000) NOT NULL,
  nonce              ${text},
  code_challenge     VARCHAR(128),
  auth_time          ${ts}         NOT NULL,
  created_at         ${ts}         NOT NULL,
  expires_at         ${ts}         NOT NULL,
  used_at            ${ts},
  CONSTRAINT pk_oidc_code PRIMARY KEY (code_hash),
  CONSTRAINT fk_oidc_code_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE,
  CONSTRAINT fk_oidc_code_user FOREIGN KEY (user_id) REFERENCES gh_user (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_oidc_code_expires ON gh_oidc_code (expires_at);

-- family_id: the code the chain started from; a reused token revokes its whole family.
CREATE TABLE gh_oidc_refresh_token (
  token_hash         VARCHAR(64)   NOT NULL,
  family_id          VARCHAR(64)   NOT NULL,
  project_id         VARCHAR(36)   NOT NULL,
  application_id     VARCHAR(36)   NOT NULL,
  member_session_id  VARCHAR(36)   NOT NULL,
  user_id            VARCHAR(36)   NOT NULL,
  scope              VARCHAR(1000) NOT NULL,
  auth_time          ${ts}         NOT NULL,
  created_at         ${ts}         NOT NULL,
  expires_at         ${ts}         NOT NULL,
  used_at            ${ts},
  revoked_at         ${ts},
  CONSTRAINT pk_oidc_refresh_token PRIMARY KEY (token_hash),
  CONSTRAINT fk_oidc_refresh_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE,
  CONSTRAINT fk_oidc_refresh_user FOREIGN KEY (user_id) REFERENCES gh_user (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_oidc_refresh_family ON gh_oidc_refresh_token (family_id);
CREATE INDEX ix_oidc_refresh_session ON gh_oidc_refresh_token (member_session_id);
CREATE INDEX ix_oidc_refresh_project_created ON gh_oidc_refresh_token (project_id, created_at);
CREATE INDEX ix_oidc_refresh_app_created ON gh_oidc_refresh_token (application_id, created_at);

-- Which applications received tokens in which member session (back-channel logout's recipients),
-- and the issuer they know Gatehouse by (the logout token must carry that one).
CREATE TABLE gh_oidc_session_app (
  member_session_id  VARCHAR(36)  NOT NULL,
  application_id     VARCHAR(36)  NOT NULL,
  issuer             VARCHAR(2000) NOT NULL,
  created_at         ${ts}        NOT NULL,
  CONSTRAINT pk_oidc_session_app PRIMARY KEY (member_session_id, application_id),
  CONSTRAINT fk_oidc_session_app_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE
) ${table_options};

-- Back-channel logout deliveries: written with the end of the session, sent and retried by any node.
-- subject and sid are copies: the user and the session row may be deleted before delivery.
CREATE TABLE gh_oidc_logout (
  id               VARCHAR(36)   NOT NULL,
  project_id       VARCHAR(36)   NOT NULL,
  application_id   VARCHAR(36)   NOT NULL,
  subject          VARCHAR(36)   NOT NULL,
  sid              VARCHAR(36)   NOT NULL,
  issuer           VARCHAR(2000) NOT NULL,
  reason           VARCHAR(64)   NOT NULL,
  created_at       ${ts}         NOT NULL,
  next_attempt_at  ${ts},
  attempts         INT           NOT NULL,
  delivered_at     ${ts},
  gave_up_at       ${ts},
  last_status      INT,
  last_error       VARCHAR(1000),
  last_latency_ms  BIGINT,
  CONSTRAINT pk_oidc_logout PRIMARY KEY (id),
  CONSTRAINT fk_oidc_logout_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_oidc_logout_due ON gh_oidc_logout (next_attempt_at);
CREATE INDEX ix_oidc_logout_project ON gh_oidc_logout (project_id, created_at);
