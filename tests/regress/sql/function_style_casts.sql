-- typename(x) with no such function: a cast (unknown literals always, before any function; otherwise where an explicit cast exists); SQL spellings like int() are no type names
select inet('1.2.3.4'::text), inet('1.2.3.4'), cidr('10.0.0.0/8'::varchar), uuid('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text), macaddr('08:00:2b:01:02:03');
select int4('12'), interval('1 day'), numeric('1.5'::text), date('2020-01-01'::text);
select inet(42);
select nosuchtype('x');
select text(row(1,2));
select cidr('192.168.1.2/30');
select int('5');
select integer('5');
select float8('1.5'), varchar('x'), name('n'), text('t');
