-- A polymorphic range / multirange parameter given only an untyped literal: 42804 naming
-- the type (the range type is not inferred from its subtype), or the unnamed message
-- when the element type itself is unknown.
create function pur_a(anyelement, anyrange) returns int language sql as 'select 1';
create function pur_b(anyrange) returns int language sql as 'select 1';
create function pur_c(anycompatiblerange, anycompatiblemultirange) returns int language sql as 'select 1';
create function pur_d(anycompatiblemultirange, anycompatiblerange) returns int language sql as 'select 1';
create function pur_e(anyelement, anymultirange) returns int language sql as 'select 1';
create function pur_f(anycompatible, anycompatiblerange) returns anycompatiblerange
  language sql as 'select $2';
create function pur_g(anycompatiblemultirange) returns anycompatible
  language sql as 'select lower($1)';
select pur_a(1, '[1,2)');
select pur_a(1, null);
select pur_a(1, int4range(1, 2));
select pur_b(null);
select pur_c(null, null);
select pur_c(null, '{[1,2)}'::int4multirange);
select pur_d(null, null);
select pur_e(1, null);
select pur_f(11.2, '[4,7)');
select pur_f(11.2, '[4,7)'::numrange);
select pur_g(null);
select pur_g(int4multirange(int4range(1, 10), int4range(20, 30)));
drop function pur_a, pur_b, pur_c, pur_d, pur_e, pur_f, pur_g;
