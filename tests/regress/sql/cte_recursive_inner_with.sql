-- WITH queries inside a recursive term that read the recursive reference are computed
-- again each iteration (materialized or read twice): results, no endless loop.
SET statement_timeout = '60s';
with recursive t(n) as (
  select 1
  union all (
    with s as (select n + 1 as m from t where n < 5)
    select m from s
  )
) select * from t;
with recursive t(n) as (
  select 1
  union all (
    with s as materialized (select n + 1 as m from t where n < 5)
    select m from s
  )
) select * from t;
explain (costs off) with recursive t(n) as (
  select 1
  union all (
    with s as (select n + 1 as m from t where n < 5)
    select m from s union all select m from s
  )
) select * from t limit 10;
with recursive t(n) as (
  select 1
  union all (
    with s as (select n + 1 as m from t where n < 4)
    select m from s union all select m * 10 from s
  )
) select * from t order by 1 limit 20;
WITH RECURSIVE
  tab(id_key,link) AS (VALUES (1,17), (2,17), (3,17), (4,17), (6,17), (5,17)),
  iter (id_key, row_type, link) AS (
      SELECT 0, 'base', 17
    UNION (
      WITH remaining(id_key, row_type, link, min) AS (
        SELECT tab.id_key, 'true'::text, iter.link, MIN(tab.id_key) OVER ()
        FROM tab INNER JOIN iter USING (link)
        WHERE tab.id_key > iter.id_key
      ),
      first_remaining AS (
        SELECT id_key, row_type, link
        FROM remaining
        WHERE id_key=min
      )
      SELECT * FROM first_remaining
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  tab(id_key,link) AS (VALUES (1,17), (2,17), (3,17), (4,17), (6,17), (5,17)),
  iter (id_key, row_type, link) AS (
      SELECT 0, 'base', 17
    UNION (
      WITH remaining(id_key, row_type, link, min) AS (
        SELECT tab.id_key, 'true'::text, iter.link, MIN(tab.id_key) OVER ()
        FROM tab INNER JOIN iter USING (link)
        WHERE tab.id_key > iter.id_key
      )
      SELECT id_key, row_type, link FROM remaining where id_key = min
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  iter (id_key) AS (
      SELECT 0
    UNION (
      WITH remaining(id_key, min) AS (
        SELECT tab.id_key, MIN(tab.id_key) OVER ()
        FROM (VALUES (1), (2), (3)) tab(id_key), iter
        WHERE tab.id_key > iter.id_key
      )
      SELECT id_key FROM remaining where id_key = min
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  iter (id_key) AS (
      SELECT 0
    UNION (
      SELECT id_key FROM (
        SELECT tab.id_key, MIN(tab.id_key) OVER () as min
        FROM (VALUES (1), (2), (3)) tab(id_key), iter
        WHERE tab.id_key > iter.id_key) remaining where id_key = min
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  tab(id_key,link) AS (VALUES (1,17), (2,17), (3,17), (4,17), (6,17), (5,17)),
  iter (id_key, row_type, link) AS (
      SELECT 0, 'base', 17
    UNION (
      WITH remaining(id_key, row_type, link, min) AS (
        SELECT tab.id_key, 'true'::text, iter.link, MIN(tab.id_key) OVER ()
        FROM tab INNER JOIN iter USING (link)
        WHERE tab.id_key > iter.id_key
      ),
      first_remaining AS (
        SELECT id_key, row_type, link
        FROM remaining
        WHERE id_key=min
      ),
      effect AS (
        SELECT tab.id_key, 'new'::text, tab.link
        FROM first_remaining e INNER JOIN tab ON e.id_key=tab.id_key
        WHERE e.row_type = 'false'
      )
      SELECT * FROM first_remaining
      UNION ALL SELECT * FROM effect
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  iter (id_key) AS (
      SELECT 0
    UNION (
      WITH remaining(id_key) AS (
        SELECT iter.id_key + 1 FROM iter WHERE iter.id_key < 4
      )
      SELECT * FROM remaining
      UNION ALL SELECT * FROM remaining where false
    )
  )
SELECT * FROM iter;
WITH RECURSIVE
  iter (id_key) AS (
      SELECT 0
    UNION ALL (
      WITH remaining(id_key) AS (
        SELECT iter.id_key + 1 FROM iter WHERE iter.id_key < 4
      )
      SELECT * FROM remaining
      UNION ALL SELECT id_key * 10 FROM remaining where id_key > 3
    )
  )
SELECT * FROM iter;
explain (costs off) WITH RECURSIVE
  iter (id_key) AS (
      SELECT 0
    UNION ALL (
      WITH remaining(id_key) AS (
        SELECT iter.id_key + 1 FROM iter WHERE iter.id_key < 4
      )
      SELECT * FROM remaining
      UNION ALL SELECT id_key * 10 FROM remaining where id_key > 3
    )
  )
SELECT * FROM iter;
RESET statement_timeout;
