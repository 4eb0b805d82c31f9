-- The HTTP sessions of the console and the member area, shared by every node (platform.SharedSessions),
-- so a load balancer needs no sticky sessions and a restarted node signs nobody out. id: SHA-256 of the
-- session cookie gh_session (the cookie itself is never stored). attributes: the session's attributes,
-- each serialized on its own, in one Base64 map. expires_at: last_access + max_inactive seconds, after
-- which the session no longer holds and the purge removes it.
CREATE TABLE gh_http_session (
  id             VARCHAR(64)   NOT NULL,
  created_at     ${ts}         NOT NULL,
  last_access    ${ts}         NOT NULL,
  max_inactive   INTEGER       NOT NULL,
  expires_at     ${ts}         NOT NULL,
  attributes     ${text}       NOT NULL,
  CONSTRAINT pk_http_session PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_http_session_expiry ON gh_http_session (expires_at);
