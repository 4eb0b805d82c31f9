-- Gatehouse schema, version 1. One script for H2, PostgreSQL and MariaDB: the few types that differ
-- come from Flyway placeholders set per database in io.gatehouse.platform.Migrations.
--   ${ts}            timestamp with microseconds, stored in UTC
--   ${text}          unbounded text
--   ${identity}      big integer the database increments on insert
--   ${table_options} MariaDB: InnoDB, utf8mb4 with binary (case-exact) collation, like H2 and PostgreSQL
-- Case-insensitive uniqueness is enforced on *_key columns holding the lower-cased value, because
-- MariaDB and H2 have no functional indexes.

CREATE TABLE gh_project (
  id               VARCHAR(36)  NOT NULL,
  name             VARCHAR(200) NOT NULL,
  name_key         VARCHAR(200) NOT NULL,
  saml_token       VARCHAR(64)  NOT NULL,
  default_role_id  VARCHAR(36),
  created_at       ${ts}        NOT NULL,
  last_modified    ${ts}        NOT NULL,
  version          BIGINT       NOT NULL,
  CONSTRAINT pk_project PRIMARY KEY (id),
  CONSTRAINT uq_project_name UNIQUE (name_key),
  CONSTRAINT uq_project_saml_token UNIQUE (saml_token)
) ${table_options};

CREATE TABLE gh_role (
  id             VARCHAR(36)  NOT NULL,
  project_id     VARCHAR(36)  NOT NULL,
  name           VARCHAR(200) NOT NULL,
  name_key       VARCHAR(200) NOT NULL,
  admin          BOOLEAN      NOT NULL,
  created_at     ${ts}        NOT NULL,
  last_modified  ${ts}        NOT NULL,
  version        BIGINT       NOT NULL,
  CONSTRAINT pk_role PRIMARY KEY (id),
  CONSTRAINT uq_role_name UNIQUE (project_id, name_key),
  CONSTRAINT fk_role_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};

ALTER TABLE gh_project ADD CONSTRAINT fk_project_default_role FOREIGN KEY (default_role_id) REFERENCES gh_role (id);

CREATE TABLE gh_saml_settings (
  project_id        VARCHAR(36)   NOT NULL,
  idp_metadata_url  VARCHAR(2000),
  idp_metadata_xml  ${text},
  jit_enabled       BOOLEAN       NOT NULL,
  last_modified     ${ts}         NOT NULL,
  version           BIGINT        NOT NULL,
  CONSTRAINT pk_saml_settings PRIMARY KEY (project_id),
  CONSTRAINT fk_saml_settings_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};

CREATE TABLE gh_user (
  id             VARCHAR(36)  NOT NULL,
  project_id     VARCHAR(36)  NOT NULL,
  user_name      VARCHAR(320) NOT NULL,
  user_name_key  VARCHAR(320) NOT NULL,
  external_id    VARCHAR(255),
  given_name     VARCHAR(255),
  family_name    VARCHAR(255),
  display_name   VARCHAR(255),
  email          VARCHAR(320),
  active         BOOLEAN      NOT NULL,
  origin         VARCHAR(16)  NOT NULL,
  password_hash  VARCHAR(255),
  created_at     ${ts}        NOT NULL,
  last_modified  ${ts}        NOT NULL,
  version        BIGINT       NOT NULL,
  CONSTRAINT pk_user PRIMARY KEY (id),
  CONSTRAINT uq_user_name UNIQUE (project_id, user_name_key),
  CONSTRAINT fk_user_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_user_external_id ON gh_user (project_id, external_id);
CREATE INDEX ix_user_created ON gh_user (project_id, created_at);

CREATE TABLE gh_group (
  id                 VARCHAR(36)  NOT NULL,
  project_id         VARCHAR(36)  NOT NULL,
  display_name       VARCHAR(255) NOT NULL,
  display_name_key   VARCHAR(255) NOT NULL,
  external_id        VARCHAR(255),
  role_id            VARCHAR(36),
  priority           INTEGER      NOT NULL,
  managed_by         VARCHAR(16)  NOT NULL,
  created_at         ${ts}        NOT NULL,
  last_modified      ${ts}        NOT NULL,
  version            BIGINT       NOT NULL,
  CONSTRAINT pk_group PRIMARY KEY (id),
  CONSTRAINT uq_group_display_name UNIQUE (project_id, display_name_key),
  CONSTRAINT fk_group_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE,
  CONSTRAINT fk_group_role FOREIGN KEY (role_id) REFERENCES gh_role (id)
) ${table_options};
CREATE INDEX ix_group_priority ON gh_group (project_id, priority);
CREATE INDEX ix_group_external_id ON gh_group (project_id, external_id);

CREATE TABLE gh_membership (
  group_id    VARCHAR(36) NOT NULL,
  user_id     VARCHAR(36) NOT NULL,
  created_at  ${ts}       NOT NULL,
  CONSTRAINT pk_membership PRIMARY KEY (group_id, user_id),
  CONSTRAINT fk_membership_group FOREIGN KEY (group_id) REFERENCES gh_group (id) ON DELETE CASCADE,
  CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES gh_user (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_membership_user ON gh_membership (user_id, group_id);

CREATE TABLE gh_scim_token (
  id            VARCHAR(36)  NOT NULL,
  project_id    VARCHAR(36)  NOT NULL,
  name          VARCHAR(200) NOT NULL,
  secret_hash   VARCHAR(64)  NOT NULL,
  replaces_id   VARCHAR(36),
  created_at    ${ts}        NOT NULL,
  last_used_at  ${ts},
  revoked_at    ${ts},
  version       BIGINT       NOT NULL,
  CONSTRAINT pk_scim_token PRIMARY KEY (id),
  CONSTRAINT fk_scim_token_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_scim_token_project ON gh_scim_token (project_id, created_at);

CREATE TABLE gh_admin_account (
  id               VARCHAR(36)  NOT NULL,
  username         VARCHAR(200) NOT NULL,
  username_key     VARCHAR(200) NOT NULL,
  password_hash    VARCHAR(255) NOT NULL,
  failed_attempts  INTEGER      NOT NULL,
  locked_until     ${ts},
  created_at       ${ts}        NOT NULL,
  last_modified    ${ts}        NOT NULL,
  version          BIGINT       NOT NULL,
  CONSTRAINT pk_admin_account PRIMARY KEY (id),
  CONSTRAINT uq_admin_account_username UNIQUE (username_key)
) ${table_options};

CREATE TABLE gh_admin_api_key (
  id            VARCHAR(36)  NOT NULL,
  name          VARCHAR(200) NOT NULL,
  secret_hash   VARCHAR(64)  NOT NULL,
  created_at    ${ts}        NOT NULL,
  last_used_at  ${ts},
  revoked_at    ${ts},
  version       BIGINT       NOT NULL,
  CONSTRAINT pk_admin_api_key PRIMARY KEY (id)
) ${table_options};

-- seq is assigned by the database at insert: the log's order, even with several nodes writing
CREATE TABLE gh_audit_event (
  id           VARCHAR(36)  NOT NULL,
  seq          ${identity},
  project_id   VARCHAR(36),
  occurred_at  ${ts}        NOT NULL,
  source       VARCHAR(16)  NOT NULL,
  actor        VARCHAR(200) NOT NULL,
  action       VARCHAR(64)  NOT NULL,
  target_type  VARCHAR(32),
  target_id    VARCHAR(36),
  summary      VARCHAR(1000) NOT NULL,
  detail       ${text},
  CONSTRAINT pk_audit_event PRIMARY KEY (id),
  CONSTRAINT uq_audit_event_seq UNIQUE (seq)
) ${table_options};
CREATE INDEX ix_audit_project_seq ON gh_audit_event (project_id, seq);
CREATE INDEX ix_audit_target ON gh_audit_event (project_id, target_id, seq);
