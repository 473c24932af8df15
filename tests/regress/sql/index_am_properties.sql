-- pg_indexam_has_property / pg_index_has_property (catalog/index_properties.py)
SELECT a.amname, p, pg_indexam_has_property(a.oid, p) FROM pg_am a, unnest(ARRAY['can_order', 'can_unique', 'can_multi_col', 'can_exclude', 'can_include', 'CAN_Order', 'bogus']) p WHERE a.amtype = 'i' ORDER BY 1, 2;
SELECT pg_indexam_has_property(2, 'can_order'), pg_indexam_has_property(0, 'can_order'), pg_indexam_has_property(403, NULL);
CREATE TABLE index_props_t (a int4, p point, t tsvector);
CREATE INDEX index_props_btree ON index_props_t (a);
CREATE INDEX index_props_hash ON index_props_t USING hash (a);
CREATE INDEX index_props_gist ON index_props_t USING gist (p);
CREATE INDEX index_props_gin ON index_props_t USING gin (t);
CREATE INDEX index_props_brin ON index_props_t USING brin (a);
SELECT c.relname, p, pg_index_has_property(c.oid, p) FROM pg_class c, unnest(ARRAY['clusterable', 'index_scan', 'bitmap_scan', 'backward_scan', 'Index_Scan', 'bogus']) p WHERE c.relname LIKE 'index\_props\_%' AND c.relkind = 'i' ORDER BY 1, 2;
SELECT pg_index_has_property('index_props_t'::regclass, 'clusterable'), pg_index_has_property(0, 'clusterable');
DROP TABLE index_props_t;
