-- The SCIM request log: every SCIM request of a project as the identity provider sent it and as
-- Gatehouse answered, for an admin diagnosing a connection (scim.ScimRequestLog). Bodies are stored
-- masked (passwords) and capped; rows go after GATEHOUSE_SCIM_LOG_RETENTION_DAYS (7) and beyond
-- GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT (10,000) per project. No foreign key: rows are written in batches
-- after the requests, and a deleted project's rows are removed by the project deletion.
CREATE TABLE gh_scim_exchange (
  id             ${identity},
  project_id     VARCHAR(36)   NOT NULL,
  received_at    ${ts}         NOT NULL,
  -- the SCIM token's id (never the token)
  token_id       VARCHAR(36),
  method         VARCHAR(10)   NOT NULL,
  -- after /scim/v2, with the query string decoded
  path           VARCHAR(2000) NOT NULL,
  status         INT           NOT NULL,
  latency_ms     BIGINT        NOT NULL,
  -- the user the request is about, when it names one (path, body or answer): for the console's filter
  user_id        VARCHAR(100),
  user_name      VARCHAR(300),
  request_body   ${text},
  response_body  ${text},
  request_bytes  BIGINT        NOT NULL,
  response_bytes BIGINT        NOT NULL,
  CONSTRAINT pk_scim_exchange PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_scim_exchange_project ON gh_scim_exchange (project_id, received_at);
CREATE INDEX ix_scim_exchange_time ON gh_scim_exchange (received_at);
