-- small differences the PostgreSQL regression files showed (session 10): each block says what
-- DISTINCT / ORDER BY on a function that does not exist: 42883 first
select nosuchagg(distinct 1, 2);
select nosuchagg(1 order by 1);
select abs(distinct 1);
select lower('a' order by 1);
select count(distinct 1, 2);
