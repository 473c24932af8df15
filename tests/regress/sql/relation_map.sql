-- The relation mapper: mapped catalogs and catalog indexes have relfilenode 0 in pg_class
-- and find their file through pg_filenode.map (pg_relation_filenode, pg_relation_filepath,
-- pg_filenode_relation); REINDEX moves them to a new file through the map, a rollback
-- keeps the old one, a savepoint may not change the map. (pgsnake has no TOAST tables on
-- catalogs and no pg_replication_origin: left out of the listing.)
DROP TABLE IF EXISTS regress_relmap, regress_relmap_p;
SELECT relname, relisshared FROM pg_class
  WHERE relfilenode = 0 AND relkind IN ('r', 'i')
    AND relname NOT LIKE 'pg_replication_origin%' AND relname NOT LIKE 'pg_toast%'
  ORDER BY relname;
SELECT pg_relation_filenode('pg_class') <> 0 AS has_file,
       pg_relation_filepath('pg_class') = 'base/' || d.oid || '/' || pg_relation_filenode('pg_class') AS local_path,
       pg_relation_filepath('pg_database') = 'global/' || pg_relation_filenode('pg_database') AS shared_path
  FROM pg_database d WHERE datname = current_database();
SELECT pg_filenode_relation(0, pg_relation_filenode('pg_class_oid_index')),
       pg_filenode_relation(1664, pg_relation_filenode('pg_database')),
       pg_filenode_relation(0, pg_relation_filenode('pg_database')),
       pg_filenode_relation(1663, pg_relation_filenode('pg_namespace')),
       pg_filenode_relation(0, 0);
SELECT pg_relation_filenode('pg_tables'), pg_relation_filepath('pg_tables');
CREATE TABLE regress_relmap_p (a int) PARTITION BY RANGE (a);
SELECT pg_relation_filenode('regress_relmap_p'), pg_relation_filepath('regress_relmap_p');
DROP TABLE regress_relmap_p;
CREATE TABLE regress_relmap AS
  SELECT c.relname, pg_relation_filenode(c.oid) AS before
    FROM pg_class c
   WHERE c.relname IN ('pg_class_oid_index', 'pg_type_oid_index', 'pg_authid_oid_index');
REINDEX INDEX pg_class_oid_index;
REINDEX TABLE pg_authid;
SELECT r.relname, pg_relation_filenode(r.relname::regclass) <> r.before AS moved, c.relfilenode
  FROM regress_relmap r JOIN pg_class c ON c.relname = r.relname ORDER BY 1;
SELECT pg_filenode_relation(0, pg_relation_filenode('pg_class_oid_index'));
BEGIN;
REINDEX INDEX pg_type_oid_index;
SELECT pg_relation_filenode('pg_type_oid_index') <> before AS moved_in_transaction
  FROM regress_relmap WHERE relname = 'pg_type_oid_index';
ROLLBACK;
SELECT pg_relation_filenode('pg_type_oid_index') = before AS kept
  FROM regress_relmap WHERE relname = 'pg_type_oid_index';
BEGIN;
SAVEPOINT s;
REINDEX INDEX pg_type_oid_index;
ROLLBACK;
SELECT count(*) > 0 FROM pg_class WHERE oid = 'pg_class'::regclass;
DROP TABLE regress_relmap;
