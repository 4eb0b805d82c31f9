-- A deleted project is marked first (every lookup then treats it as gone: SCIM, SAML, sessions, the
-- API and the console stop at once), and its rows are removed after in batches; the mark lets a node
-- that restarts in the middle finish the job.
ALTER TABLE gh_project ADD deleted_at ${ts};
