-- SET / RESET SESSION AUTHORIZATION drops a SET ROLE even when the session user stays
-- the same (the assign hook runs on every SET), and SET ROLE to the role still named by
-- the setting takes it again.
CREATE ROLE regress_sadr_role;
SET ROLE regress_sadr_role;
SELECT current_user, session_user, current_setting('role');
RESET SESSION AUTHORIZATION;
SELECT current_user, session_user, current_setting('role');
SET ROLE regress_sadr_role;
SELECT current_user, session_user, current_setting('role');
SET SESSION AUTHORIZATION DEFAULT;
SELECT current_user, session_user, current_setting('role');
BEGIN;
SET ROLE regress_sadr_role;
RESET SESSION AUTHORIZATION;
SELECT current_user, current_setting('role');
ROLLBACK;
SELECT current_user, current_setting('role');
RESET ROLE;
DROP ROLE regress_sadr_role;
