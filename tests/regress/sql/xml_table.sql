-- XMLTABLE: row and column paths, FOR ORDINALITY, DEFAULT, NOT NULL, XMLNAMESPACES, values
-- read by the column types, LATERAL use, views, EXPLAIN and the errors
drop view if exists regress_xmltable_v1, regress_xmltable_v2, regress_xmltable_v3;
drop table if exists regress_xmltable_docs;
create table regress_xmltable_docs (id int, doc xml);
insert into regress_xmltable_docs values
  (1, '<shop><item sku="a1" price="2.50"><name>pen</name><tag>x</tag></item><item sku="b2"><name>ink</name></item></shop>'),
  (2, '<shop><item sku="c3" price="10"><name>pad</name><tag>y</tag><tag>z</tag></item></shop>'),
  (3, null);
select * from xmltable('/a/b' passing '<a><b x="1">t</b><b x="2"/></a>' columns x int path '@x', n for ordinality, y text path '.' default 'q' not null, z xml path '.');
select d.id, t.* from regress_xmltable_docs d, xmltable('/shop/item' passing d.doc columns sku text path '@sku', price numeric(6,2) path '@price' default 0, name varchar(10), pos for ordinality) t order by d.id, t.pos;
select d.id, t.* from regress_xmltable_docs d, lateral xmltable('/shop/item' passing d.doc columns sku text path '@sku', note text path 'missing' default 'none-' || d.id, tags xml path 'tag') t order by 1, 2;
select * from xmltable('a/b' passing '<a><b x="1">t<c>u</c>v</b></a>' columns x int path '@x', t text path '.', first text path 'text()[1]', c xml path 'c', cnt int path 'count(*)', s text path 'string(.)', bo bool path 'true()', bi int path 'true()', lt xml path 'concat("<", "x")', xa xml path '@x', num text path '1 div 3', e text path 'c/text()');
select * from xmltable('/a' passing '<a/>' columns a text path '1 div 3', b text path '0.0000011', c text path '10000000000 * 3.5', d text path '2147483648', e text path '999999999.5', f text path '2 div 0', g text path '0 div 0', h text path '-2147483647', i text path '100.0');
select * from xmltable('//b' passing '<a><b>1</b><b/><b><!--c--></b></a>' columns x text path '.', y xml path '.', n text path 'b');
select * from xmltable('/a' passing '<a>&lt;&amp;</a>' columns x text path '.', y xml path '.', z xml path 'text()');
select * from xmltable('/' passing '<a>1</a>' columns x text path '.');
select * from xmltable('/a/@x' passing '<a x="5"/>' columns x text path '.', n xml path '.');
select * from xmltable('/a' passing '<a><b>1</b>x<c/></a>' columns x xml path './node()');
select * from xmltable(xmlnamespaces('http://x' as p, 'http://y' as "Q"), '/p:a' passing '<a xmlns="http://x"><b>3</b></a>' columns x int path 'p:b');
select * from xmltable('count(/a)' passing '<a/>' columns x int path 'b');
select * from xmltable('/a' passing null columns x int);
select * from xmltable(1 passing '<a/>' columns a int);
select * from xmltable('/a' passing '<a/>' columns a int path 1);
select * from xmltable('/a' passing '<a> 7 </a>' columns x int path '.', d date path '"2020-01-02"');
select xmltable.* from xmltable('/a' passing '<a>1</a>' columns x text path '.');
select t.q, t.y from xmltable('/a' passing '<a>1</a>' columns x text path '.', y int path '.') as t(q);
-- errors
select * from xmltable('/a' passing '<a/><b/>' columns x int path '@x');
select * from xmltable('' passing '<a/>' columns x int path '@x');
select * from xmltable('/a' passing '<a/>' columns x int path '');
select * from xmltable('/a' passing '<a><b/><b/></a>' columns x int path 'b');
select * from xmltable('/a' passing '<a/>' columns x int path 'b' not null);
select * from xmltable(xmlnamespaces(default 'http://x'), '/a' passing '<a/>' columns x int path 'b');
select * from xmltable('/a' passing '<a/>' columns x int path 'b', x text);
select * from xmltable('/a' passing '<a/>' columns x for ordinality, y for ordinality);
select * from xmltable('/a[' passing '<a/>' columns x int);
select * from xmltable('/a' passing '<a/>' columns x int path 'b[');
select * from xmltable('/a' passing '<a><x>zz</x></a>' columns x int);
select * from xmltable(null passing '<a/>' columns x int);
select * from xmltable('/a' passing '<a/>' columns x int path null);
select * from xmltable('/a' passing '<a/>' columns x int default 'z');
select * from xmltable('/a' passing '<a/>' columns x varchar(1) path '"abc"');
select * from xmltable('/a' passing 1 columns a int);
select * from xmltable(xmlnamespaces('http://x' as p, 'http://y' as p), '/a' passing '<a/>' columns x int);
select * from xmltable(xmlnamespaces(default 'http://x', default 'http://y'), '/a' passing '<a/>' columns x int);
select * from xmltable('/a' passing '<a/>' columns a int, b int) as f(x, y, z);
select * from xmltable('/a' passing '<a/>' columns x int path 'nosuch:b');
select * from xmltable('/nosuch:a' passing '<a><b/></a>' columns x int path 'b');
select xpath('//nosuch:b', '<a/>');
-- views and EXPLAIN
create view regress_xmltable_v1 as select d.id, t.* from regress_xmltable_docs d, xmltable(xmlnamespaces('http://x' as q), '/shop/item' passing d.doc columns sku text path '@sku', n for ordinality, name varchar(10) default 'none' not null) t;
select pg_get_viewdef('regress_xmltable_v1');
select * from regress_xmltable_v1 order by id, n;
create view regress_xmltable_v2 as select * from xmltable('/a/b' passing '<a><b x="1"/></a>' columns x int path '@x');
select pg_get_viewdef('regress_xmltable_v2');
create view regress_xmltable_v3 as select * from xmltable('/a' passing '<a/>' columns "X" varchar(3) path 'b' default 'z' not null);
select pg_get_viewdef('regress_xmltable_v3');
select * from regress_xmltable_v3;
explain (costs off) select * from regress_xmltable_docs d, xmltable('/shop/item' passing d.doc columns sku text path '@sku') t;
explain (costs off, verbose) select * from regress_xmltable_docs d, xmltable('/shop/item' passing d.doc columns sku text path '@sku', n for ordinality, p int default 1 not null) t;
explain select * from xmltable('/a' passing '<a/>' columns x int path 'b');
explain (verbose, costs off) select * from xmltable('/a' passing '<a/>' columns x int path 'b');
explain (costs off, format json, verbose) select * from regress_xmltable_docs d, xmltable('/shop/item' passing d.doc columns sku text path '@sku') as f where sku = 'a1';
-- XMLSERIALIZE ... INDENT is PostgreSQL 16's
select xmlserialize(document '<foo/>' as text indent);
select xmlserialize(content '<foo/>' as varchar(10) no indent);
drop view regress_xmltable_v1, regress_xmltable_v2, regress_xmltable_v3;
drop table regress_xmltable_docs;
