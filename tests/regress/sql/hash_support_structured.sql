-- Hash support functions computed from structure (access/hash/structured_hashes.py):
-- hash_numeric, timetz_hash, jsonb_hash, hash_aclitem, hashinet, hashmacaddr[8], hashtid,
-- hashoidvector and their extended variants, equal to PostgreSQL's values; the same
-- hashes place rows in hash partitions keyed on those types.
select v, hash_numeric(v), hash_numeric_extended(v, 0), hash_numeric_extended(v, 42), hash_numeric_extended(v, -1) from (values (0::numeric), (0.000::numeric), (1.5), (-1.5), (1.50), (12345.678), (0.00005), (1e20), (-1e-20), ('NaN'), ('Infinity'), ('-Infinity'), (123456789012345678901234567890.123456789)) t(v);
select v, timetz_hash(v), timetz_hash_extended(v, 0), timetz_hash_extended(v, 7) from (values ('10:00+05'::timetz), ('00:00+00'), ('23:59:59.999999-14:59'), ('12:34:56.789+03:30')) t(v);
select v, jsonb_hash(v), jsonb_hash_extended(v, 0), jsonb_hash_extended(v, 3) from (values ('{}'::jsonb), ('[]'), ('null'), ('true'), ('false'), ('1'), ('"a"'), ('[1, "a", null, true, false, 2.50]'), ('{"a": 1, "bb": [1, {"c": null}], "ccc": {}}'), ('[[[]]]'), ('{"a": {"b": {"c": [1,2,3]}}}'), ('-0.0'), ('1e5')) t(v);
select v, hash_aclitem(v), hash_aclitem_extended(v, 0), hash_aclitem_extended(v, 9) from (values ('postgres=arwdDxt/postgres'::aclitem), ('=r*w/postgres'), ('postgres=X*/postgres')) t(v);
select v, hashinet(v), hashinetextended(v, 0), hashinetextended(v, 5) from (values ('1.2.3.4'::inet), ('1.2.3.4/24'), ('10.0.0.0/8'::cidr), ('::1'), ('2001:db8::/32'::cidr), ('fe80::1'::inet)) t(v);
select hashinet('10.0.0.0/8'::cidr), hashinet('10.0.0.0/8'::inet);
select v, hashmacaddr(v), hashmacaddrextended(v, 0), hashmacaddrextended(v, 11) from (values ('08:00:2b:01:02:03'::macaddr), ('00:00:00:00:00:00'), ('ff:ff:ff:ff:ff:ff')) t(v);
select v, hashmacaddr8(v), hashmacaddr8extended(v, 0), hashmacaddr8extended(v, 11) from (values ('08:00:2b:01:02:03:04:05'::macaddr8), ('00:00:00:00:00:00:00:00')) t(v);
select v, hashtid(v), hashtidextended(v, 0), hashtidextended(v, -5) from (values ('(0,1)'::tid), ('(70000,3)'), ('(4294967295,65535)')) t(v);
select v, hashoidvector(v), hashoidvectorextended(v, 0), hashoidvectorextended(v, 2) from (values ('1 2 3'::oidvector), (''), ('4294967295')) t(v);
-- the same hashes place rows in hash partitions and answer hash index scans
CREATE TABLE hash_support_parts (n numeric, t timetz, j jsonb, i inet) PARTITION BY HASH (n, t, j, i);
CREATE TABLE hash_support_p0 PARTITION OF hash_support_parts FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE hash_support_p1 PARTITION OF hash_support_parts FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE hash_support_p2 PARTITION OF hash_support_parts FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO hash_support_parts SELECT g / 7.0, make_time(g % 24, g % 60, g) :: timetz, jsonb_build_object('k', g, 'l', ARRAY[g, g * 2]), ('10.0.' || g || '.1')::inet FROM generate_series(1, 30) g;
SELECT tableoid::regclass, count(*), sum(n) FROM hash_support_parts GROUP BY 1 ORDER BY 1;
CREATE TABLE hash_support_mac (m macaddr, m8 macaddr8) PARTITION BY HASH (m, m8);
CREATE TABLE hash_support_mac0 PARTITION OF hash_support_mac FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE hash_support_mac1 PARTITION OF hash_support_mac FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO hash_support_mac SELECT ('08:00:2b:01:02:' || lpad(to_hex(g), 2, '0'))::macaddr, ('08:00:2b:01:02:03:04:' || lpad(to_hex(g), 2, '0'))::macaddr8 FROM generate_series(1, 20) g;
SELECT tableoid::regclass, count(*) FROM hash_support_mac GROUP BY 1 ORDER BY 1;
DROP TABLE hash_support_parts, hash_support_mac;
