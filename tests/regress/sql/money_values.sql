-- money in a table: ordering, aggregates, arithmetic with numbers and money, casts,
-- cash_words, the range limits and 22012 (issue 7's types; no script stored money before).
DROP TABLE IF EXISTS regress_money_items;
CREATE TABLE regress_money_items (id int4, price money);
INSERT INTO regress_money_items VALUES (1, '12.34'), (2, '$1,000.5'), (3, '-7'), (4, NULL), (5, 0.995);
SELECT id, price FROM regress_money_items ORDER BY price NULLS FIRST, id;
SELECT sum(price), min(price), max(price), count(price) FROM regress_money_items;
SELECT price * 2, price / 3, price * 1.5::float8, price + '1'::money, -price FROM regress_money_items WHERE id = 1;
SELECT price::numeric, 5::money, 5.678::numeric::money, (12.34)::money::text FROM regress_money_items WHERE id = 1;
SELECT cash_words('1234.56'::money), '10'::money / '4'::money;
SELECT price FROM regress_money_items WHERE price > '10' ORDER BY 1;
SELECT '92233720368547758.07'::money, '-92233720368547758.08'::money;
SELECT '92233720368547758.08'::money;
SELECT '1'::money / 0;
SELECT array_agg(price ORDER BY id) FROM regress_money_items;
DROP TABLE regress_money_items;
