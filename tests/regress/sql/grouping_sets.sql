-- GROUP BY GROUPING SETS / ROLLUP / CUBE with grouping(): every set's groups, NULLs for
-- the columns a set does not group, HAVING over all sets, the empty set over no rows,
-- duplicate sets, and grouping()'s errors.
DROP TABLE IF EXISTS regress_gs;
CREATE TABLE regress_gs (region text, product text, year int4, amount numeric);
INSERT INTO regress_gs VALUES
  ('north', 'apple', 2023, 10), ('north', 'apple', 2024, 12), ('north', 'pear', 2024, 5),
  ('south', 'apple', 2023, 7), ('south', 'plum', 2023, 3), ('south', 'plum', 2024, NULL),
  (NULL, 'pear', 2024, 1);
SELECT region, sum(amount), count(*) FROM regress_gs GROUP BY ROLLUP (region) ORDER BY region, grouping(region);
SELECT region, product, sum(amount), grouping(region, product) FROM regress_gs GROUP BY ROLLUP (region, product) ORDER BY 4, 1, 2;
SELECT region, product, count(*), grouping(region), grouping(product) FROM regress_gs GROUP BY CUBE (region, product) ORDER BY 1, 2, 4, 5;
SELECT region, product, year, count(*), grouping(year, region, product) FROM regress_gs GROUP BY CUBE (region, product, year) ORDER BY 5, 1, 2, 3;
SELECT region, year, max(amount) FROM regress_gs GROUP BY GROUPING SETS ((region), (year), ()) ORDER BY 1, 2, grouping(region, year);
SELECT region, year, min(amount) FROM regress_gs GROUP BY GROUPING SETS ((region, year), region) ORDER BY 1, 2;
SELECT region, product, count(*) FROM regress_gs GROUP BY region, ROLLUP (product) ORDER BY 1, 2;
SELECT region, product, year, count(*) FROM regress_gs GROUP BY ROLLUP ((region, product), year) ORDER BY 1, 2, 3;
SELECT region, count(*) FROM regress_gs GROUP BY ROLLUP (region) HAVING count(*) > 2 ORDER BY 1;
SELECT count(*), sum(amount) FROM regress_gs GROUP BY GROUPING SETS (());
SELECT count(*) FROM regress_gs WHERE false GROUP BY ROLLUP (region);
SELECT region, count(*) FROM regress_gs WHERE false GROUP BY GROUPING SETS ((region));
SELECT count(*) FROM regress_gs GROUP BY GROUPING SETS ((), ());
SELECT region, count(*) FROM regress_gs GROUP BY GROUPING SETS ((region), (region)) ORDER BY 1;
SELECT upper(region) AS r, count(*) FROM regress_gs GROUP BY ROLLUP (upper(region)) ORDER BY 1, 2;
SELECT region, count(*) FROM regress_gs GROUP BY ROLLUP (1) ORDER BY 1, 2;
SELECT region, grouping(region) FROM regress_gs GROUP BY region ORDER BY 1;
SELECT coalesce(region, 'all') AS region, sum(amount) FROM regress_gs GROUP BY ROLLUP (region) ORDER BY grouping(region), 1;
SELECT year, count(*), rank() OVER (ORDER BY count(*) DESC, year) FROM regress_gs GROUP BY ROLLUP (year) ORDER BY 1;
SELECT region, product, count(*) OVER (PARTITION BY product), grouping(region, product) FROM regress_gs GROUP BY CUBE (region, product) ORDER BY 4, 1, 2;
SELECT region, rank() OVER (PARTITION BY grouping(region) ORDER BY sum(amount) DESC, region), grouping(region) + 1 FROM regress_gs GROUP BY ROLLUP (region) ORDER BY 3, 2;
-- errors
SELECT region FROM regress_gs WHERE grouping(region) = 0;
SELECT grouping(region) FROM regress_gs;
SELECT grouping(year) FROM regress_gs GROUP BY ROLLUP (region);
SELECT region, product FROM regress_gs GROUP BY ROLLUP (region);
SELECT sum(grouping(region)) FROM regress_gs GROUP BY region;
SELECT region, count(*) FROM regress_gs GROUP BY ROLLUP (region) HAVING product = 'x';
-- EXPLAIN shapes
EXPLAIN SELECT region, count(*) FROM regress_gs GROUP BY ROLLUP (region);
EXPLAIN SELECT region, product, count(*) FROM regress_gs GROUP BY GROUPING SETS ((region), (product));
EXPLAIN SELECT count(*) FROM regress_gs GROUP BY GROUPING SETS (());
DROP TABLE regress_gs;
