-- Directory events for the project's applications (a transactional outbox): each change writes its
-- events in its own transaction, numbered per project under a lock of the project's counter row, so
-- commit order is sequence order and a reader paging by sequence never skips an event still in flight.
--
-- What a transaction writes while it holds the counter's lock (events, announced roles, recheck
-- jobs) has no foreign key on purpose: a foreign-key check locks the parent row (the user, the
-- project), and another transaction holding that row while it waits for the counter would deadlock
-- with it. Those rows are removed with their project (ProjectDeletion) and user (the outbox) instead.
CREATE TABLE gh_event_counter (
  project_id  VARCHAR(36)  NOT NULL,
  last_seq    BIGINT       NOT NULL,
  CONSTRAINT pk_event_counter PRIMARY KEY (project_id),
  CONSTRAINT fk_event_counter_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
INSERT INTO gh_event_counter (project_id, last_seq) SELECT id, 0 FROM gh_project;

CREATE TABLE gh_event (
  id           VARCHAR(36)   NOT NULL,
  project_id   VARCHAR(36)   NOT NULL,
  seq          BIGINT        NOT NULL,
  type         VARCHAR(40)   NOT NULL,
  occurred_at  ${ts}         NOT NULL,
  actor_source VARCHAR(16)   NOT NULL,
  actor        VARCHAR(200)  NOT NULL,
  data         ${text}       NOT NULL,
  CONSTRAINT pk_event PRIMARY KEY (id),
  CONSTRAINT uq_event_project_seq UNIQUE (project_id, seq)
) ${table_options};
CREATE INDEX ix_event_occurred ON gh_event (occurred_at);

-- The effective role the applications were last told of, per user: a change is detected by
-- comparing the role rule's answer now with this, whatever caused it (groups, a group's role, the
-- priority order, the default role). role_id NULL: no role.
CREATE TABLE gh_announced_role (
  user_id     VARCHAR(36)  NOT NULL,
  project_id  VARCHAR(36)  NOT NULL,
  role_id     VARCHAR(36),
  CONSTRAINT pk_announced_role PRIMARY KEY (user_id)
) ${table_options};
CREATE INDEX ix_announced_role_project ON gh_announced_role (project_id, user_id);

-- Users whose roles must be compared again, in batches, because a change touched more users than
-- one transaction should (a priority change, the default role, the role of a large group): the
-- job keeps its place (after_user_id), so a node that stops resumes it; lease_until: a node works on it.
CREATE TABLE gh_role_recheck (
  id             VARCHAR(36)   NOT NULL,
  project_id     VARCHAR(36)   NOT NULL,
  group_id       VARCHAR(36),
  after_user_id  VARCHAR(36),
  actor_source   VARCHAR(16)   NOT NULL,
  actor          VARCHAR(200)  NOT NULL,
  created_at     ${ts}         NOT NULL,
  lease_until    ${ts},
  CONSTRAINT pk_role_recheck PRIMARY KEY (id)
) ${table_options};

-- Users who existed before events: the role they have now counts as announced (the role rule in
-- SQL: the first of the user's groups with a role by priority, creation time, id; else the default).
INSERT INTO gh_announced_role (user_id, project_id, role_id)
SELECT u.id, u.project_id, COALESCE(
    (SELECT g.role_id FROM gh_membership m JOIN gh_group g ON g.id = m.group_id
      WHERE m.user_id = u.id AND g.role_id IS NOT NULL ORDER BY g.priority, g.created_at, g.id LIMIT 1),
    p.default_role_id)
FROM gh_user u JOIN gh_project p ON p.id = u.project_id;

-- The fan-out walks a project's users in id order, a batch at a time.
CREATE INDEX ix_user_project_id ON gh_user (project_id, id);
