-- the types' send functions called from SQL: the binary wire format as bytea
select float4send('5e-20'::float4), float8send('1.5'::float8), int4send(7), int2send(-2::int2), int8send(1), textsend('abc'), boolsend(true), numeric_send(1.5), date_send('2000-01-02'), timestamp_send('2000-01-01 00:00:01'), interval_send('1 day'), uuid_send('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), bytea_send('\x01'), jsonb_send('{"a":1}'), xml_send('<a/>'), varcharsend('x'), namesend('n'), oidsend(5::oid), point_send('(1,2)'), int4range_send(int4range(1,3))
;
select array_send(array[1,2]);
select float4send(v) from (values ('67e14'::float4), ('NaN'), ('-Infinity'), ('1.17549435e-38')) t(v);
