-- A view whose grouped query selects columns functionally dependent on a primary key
-- depends on that key's constraint: dropping it is refused (2BP01) or cascades.
create table fdv_articles (id int constraint fdv_articles_pkey primary key, keywords text,
                           title text unique not null);
create table fdv_links (article_id int, category_id int, changed date,
                        primary key (article_id, category_id));
create view fdv_one as select id, keywords, title from fdv_articles group by id;
alter table fdv_articles drop constraint fdv_articles_pkey restrict;
select count(*) from pg_depend d join pg_constraint c on c.oid = d.refobjid
  where c.conname = 'fdv_articles_pkey' and d.classid = 'pg_rewrite'::regclass;
drop view fdv_one;
create view fdv_two as
  select a.id, a.keywords, l.category_id, l.changed
  from fdv_articles a join fdv_links l on a.id = l.article_id
  group by a.id, l.category_id, l.article_id;
alter table fdv_links drop constraint fdv_links_pkey restrict;
alter table fdv_articles drop constraint fdv_articles_pkey restrict;
drop view fdv_two;
create view fdv_sub as
  select * from fdv_articles where title in (select title from fdv_articles group by id);
alter table fdv_articles drop constraint fdv_articles_pkey restrict;
alter table fdv_articles drop constraint fdv_articles_pkey cascade;
select count(*) from pg_class where relname = 'fdv_sub';
create view fdv_plain as select id, title from fdv_articles group by id, title;
alter table fdv_articles drop constraint fdv_articles_title_key;
drop view fdv_plain;
drop table fdv_articles, fdv_links;
