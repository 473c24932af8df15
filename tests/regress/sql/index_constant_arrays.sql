-- Index expressions and partial-index predicates holding constant arrays (ARRAY[1, 2],
-- '{5,6}') are folded as the queries they must match are, so the planner still finds
-- them usable (RelationGetIndexExpressions / RelationGetIndexPredicate).
DROP TABLE IF EXISTS regress_ix;
create table regress_ix (a int, b int);
insert into regress_ix select g, g % 7 from generate_series(1, 2000) g;
create index regress_ix_p on regress_ix (a) where b = ANY (ARRAY[1, 2]);
create index regress_ix_e on regress_ix ((ARRAY[1, 2] || a));
create index regress_ix_q on regress_ix (b) where a = ANY ('{5,6}');
analyze regress_ix;
set enable_seqscan = off;
explain (costs off) select a from regress_ix where a < 10 and b = ANY (ARRAY[1, 2]);
explain (costs off) select a from regress_ix where (ARRAY[1, 2] || a) = '{1,2,5}';
explain (costs off) select b from regress_ix where a = ANY ('{5,6}') and b = 5;
explain (costs off) select b from regress_ix where a IN (5, 6) and b = 5;
reset enable_seqscan;
drop table regress_ix;
