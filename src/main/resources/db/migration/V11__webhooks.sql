-- Webhooks: an application's endpoint that receives the project's directory events, one at a time
-- in sequence order. The row is also the endpoint's delivery state: its cursor (the last sequence
-- number delivered or skipped), the head event's failures (backoff) and the lease of the node
-- delivering it now. Removed with the application (and so with the project).
CREATE TABLE gh_webhook (
  id                    VARCHAR(36)   NOT NULL,
  project_id            VARCHAR(36)   NOT NULL,
  application_id        VARCHAR(36)   NOT NULL,
  url                   VARCHAR(2000) NOT NULL,
  -- "*" or the event types' wire names, one a line
  event_types           VARCHAR(1000) NOT NULL,
  -- signing secrets, encrypted with the key-encryption key (platform.KeyEncryption)
  secret                VARCHAR(200)  NOT NULL,
  previous_secret       VARCHAR(200),
  previous_secret_until ${ts},
  status                VARCHAR(16)   NOT NULL,
  last_delivered_seq    BIGINT        NOT NULL,
  -- failed attempts at the head event, since when it fails, when it is tried next
  failures              INT           NOT NULL,
  failing_since         ${ts},
  next_attempt_at       ${ts}         NOT NULL,
  lease_token           VARCHAR(36),
  lease_until           ${ts},
  last_attempt_at       ${ts},
  last_status           INT,
  last_error            VARCHAR(1000),
  last_latency_ms       BIGINT,
  created_at            ${ts}         NOT NULL,
  CONSTRAINT pk_webhook PRIMARY KEY (id),
  CONSTRAINT fk_webhook_app FOREIGN KEY (application_id) REFERENCES gh_application (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_webhook_app ON gh_webhook (application_id, created_at);
CREATE INDEX ix_webhook_due ON gh_webhook (next_attempt_at);

-- Every request sent to a webhook (deliveries, their retries, redeliveries and tests), kept 30 days.
CREATE TABLE gh_webhook_attempt (
  id            VARCHAR(36)   NOT NULL,
  webhook_id    VARCHAR(36)   NOT NULL,
  event_id      VARCHAR(36)   NOT NULL,
  -- NULL for a test event, which is not part of the sequence
  seq           BIGINT,
  event_type    VARCHAR(40)   NOT NULL,
  kind          VARCHAR(16)   NOT NULL,
  attempt       INT           NOT NULL,
  attempted_at  ${ts}         NOT NULL,
  status        INT,
  error         VARCHAR(1000),
  latency_ms    BIGINT        NOT NULL,
  response_body VARCHAR(500),
  CONSTRAINT pk_webhook_attempt PRIMARY KEY (id),
  CONSTRAINT fk_webhook_attempt_webhook FOREIGN KEY (webhook_id) REFERENCES gh_webhook (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_webhook_attempt_webhook ON gh_webhook_attempt (webhook_id, attempted_at);
CREATE INDEX ix_webhook_attempt_time ON gh_webhook_attempt (attempted_at);
