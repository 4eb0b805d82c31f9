-- The console's live status: the last SCIM request each project received (one row per project,
-- written by io.gatehouse.scim.ScimActivity at most every few seconds per node).
CREATE TABLE gh_scim_activity (
  project_id   VARCHAR(36)  NOT NULL,
  received_at  ${ts}        NOT NULL,
  method       VARCHAR(10)  NOT NULL,
  path         VARCHAR(300) NOT NULL,
  status       INT          NOT NULL,
  CONSTRAINT pk_scim_activity PRIMARY KEY (project_id),
  CONSTRAINT fk_scim_activity_project FOREIGN KEY (project_id) REFERENCES gh_project (id) ON DELETE CASCADE
) ${table_options};
