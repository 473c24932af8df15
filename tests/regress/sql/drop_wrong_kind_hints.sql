-- DROP TABLE / SEQUENCE / VIEW / INDEX / MATERIALIZED VIEW naming a relation of another
-- kind: 42809 with the HINT naming the right command ("... to remove an index.").
-- Compared with PostgreSQL 15.
CREATE TABLE dwk (a int);
CREATE INDEX dwk_i ON dwk (a);
CREATE SEQUENCE dwk_s;
CREATE VIEW dwk_v AS SELECT 1;
CREATE MATERIALIZED VIEW dwk_m AS SELECT 1;
CREATE TABLE dwk_p (a int) PARTITION BY RANGE (a);
CREATE INDEX dwk_pi ON dwk_p (a);
DROP TABLE dwk_i;
DROP TABLE dwk_pi;
DROP TABLE dwk_s;
DROP SEQUENCE dwk_i;
DROP VIEW dwk_i;
DROP INDEX dwk_v;
DROP INDEX dwk_s;
DROP MATERIALIZED VIEW dwk_i;
DROP TABLE dwk_m;
DROP VIEW dwk;
DROP TABLE dwk, dwk_p;
DROP SEQUENCE dwk_s;
DROP VIEW dwk_v;
DROP MATERIALIZED VIEW dwk_m;
