-- COPY to and from server files by a role that is not a superuser: refused (42501, with
-- PostgreSQL's hint) until the role has the privileges of pg_write_server_files (COPY TO)
-- or pg_read_server_files (COPY FROM), through a grant of the predefined role or of a
-- role that has it; a relative path is still refused for COPY TO (42602), PROGRAM for
-- anyone without pg_execute_server_program. /dev/null stands for a file both servers
-- may read and write.
CREATE ROLE cpf_user LOGIN;
CREATE ROLE cpf_group NOLOGIN;
CREATE TABLE cpf_t (a int);
INSERT INTO cpf_t VALUES (1), (2);
GRANT SELECT, INSERT ON cpf_t TO cpf_user;
SET ROLE cpf_user;
COPY cpf_t TO '/dev/null';
COPY cpf_t FROM '/dev/null';
COPY cpf_t TO PROGRAM 'cat > /dev/null';
COPY (SELECT 1) TO '/dev/null';
RESET ROLE;
GRANT pg_write_server_files TO cpf_group;
GRANT cpf_group TO cpf_user;
SET ROLE cpf_user;
COPY cpf_t TO '/dev/null';
COPY (SELECT a FROM cpf_t) TO '/dev/null' (FORMAT csv);
COPY cpf_t TO 'relative.txt';
COPY cpf_t FROM '/dev/null';
RESET ROLE;
GRANT pg_read_server_files TO cpf_user;
SET ROLE cpf_user;
COPY cpf_t FROM '/dev/null';
RESET ROLE;
REVOKE cpf_group FROM cpf_user;
SET ROLE cpf_user;
COPY cpf_t TO '/dev/null';
RESET ROLE;
DROP TABLE cpf_t;
DROP ROLE cpf_user;
DROP ROLE cpf_group;
