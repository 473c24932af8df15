-- json(b)_populate_record(set) into domain-typed fields: NOT NULL and CHECK constraints,
-- absent keys under a NULL base record checked too, domains over arrays
drop type if exists regress_jrec;
drop domain if exists regress_jint_nn, regress_jia;
create domain regress_jint_nn as int not null;
create domain regress_jia as int[] check (array_length(value, 1) = 3);
create type regress_jrec as (i regress_jint_nn, ia regress_jia, t text);
SELECT i FROM json_populate_record(NULL::regress_jrec, '{"x": 43.2}') q;
SELECT i FROM json_populate_record(NULL::regress_jrec, '{"i": null}') q;
SELECT i, t FROM json_populate_record(NULL::regress_jrec, '{"i": 5, "t": "x"}') q;
SELECT ia FROM json_populate_record(NULL::regress_jrec, '{"i": 1, "ia": [1, 2]}') q;
SELECT ia FROM json_populate_record(NULL::regress_jrec, '{"i": 1, "ia": [1, 2, 3]}') q;
SELECT i, t FROM json_populate_record(row(7, '{1,2,3}', 'b')::regress_jrec, '{"t": "x"}') q;
SELECT * FROM jsonb_populate_recordset(NULL::regress_jrec, '[{"i": 1}, {"t": "no i"}]') q;
SELECT * FROM jsonb_populate_recordset(NULL::regress_jrec, '[{"i": 1}, {"i": 2, "t": "y"}]') q;
drop type regress_jrec;
drop domain regress_jint_nn, regress_jia;
