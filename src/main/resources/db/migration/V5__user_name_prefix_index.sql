-- Prefix search on userName (the console's users search; SCIM "userName sw"). PostgreSQL uses a b-tree
-- index for LIKE 'prefix%' only when the index compares bytes: uq_user_name does not unless the
-- database's collation is exactly "C" (not even C.UTF-8), so at a million users the search read the
-- whole table. varchar_pattern_ops compares bytes whatever the collation. H2 and MariaDB (binary
-- collation) already use uq_user_name for it, so ${postgresql_only} comments the statement out there.
${postgresql_only}CREATE INDEX ix_user_name_prefix ON gh_user (project_id, user_name_key varchar_pattern_ops);
