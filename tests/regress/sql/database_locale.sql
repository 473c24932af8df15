-- CREATE DATABASE's locale: LOCALE / LC_COLLATE / LC_CTYPE checked and spelled as
-- PostgreSQL 15 spells them, the template compatibility rules (template0 takes any),
-- invalid names, encoding and provider errors.
create database regress_loc_a locale 'C.UTF-8';
create database regress_loc_a locale 'C.UTF-8' template template0;
create database regress_loc_b lc_collate 'C.utf8' lc_ctype 'POSIX' template template0;
create database regress_loc_c template regress_loc_a;
create database regress_loc_d template regress_loc_a lc_collate 'C';
create database regress_loc_d template regress_loc_a lc_ctype 'POSIX';
create database regress_loc_d locale 'C' lc_collate 'C.UTF-8';
create database regress_loc_d lc_ctype 'xx';
create database regress_loc_d locale 'fr_FR.UTF-8' template template0;
create database regress_loc_d encoding 'LATIN1' locale 'C.UTF-8' template template0;
create database regress_loc_d locale_provider icu template template0;
create database regress_loc_d icu_locale 'en' template template0;
create database regress_loc_d locale_provider 'nope' template template0;
create database regress_loc_a locale 'C.UTF-8' template template0;
select datname, datcollate, datctype, datlocprovider from pg_database
  where datname like 'regress_loc%' order by 1;
drop database regress_loc_a;
drop database regress_loc_b;
drop database regress_loc_c;
