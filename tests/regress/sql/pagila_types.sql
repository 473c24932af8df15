-- Pagila's type and domain DDL, unchanged (pg_dump output of the sample database), and
-- the film table's use of them.
DROP SCHEMA IF EXISTS regress_pagila CASCADE;
CREATE SCHEMA regress_pagila;
SET search_path = regress_pagila, pg_catalog;
CREATE TYPE mpaa_rating AS ENUM (
    'G',
    'PG',
    'PG-13',
    'R',
    'NC-17'
);
ALTER TYPE mpaa_rating OWNER TO postgres;
CREATE DOMAIN year AS integer
	CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
ALTER DOMAIN year OWNER TO postgres;
CREATE TABLE film (
    film_id integer NOT NULL,
    title character varying(255) NOT NULL,
    description text,
    release_year year,
    language_id smallint NOT NULL,
    rental_duration smallint DEFAULT 3 NOT NULL,
    rental_rate numeric(4,2) DEFAULT 4.99 NOT NULL,
    length smallint,
    replacement_cost numeric(5,2) DEFAULT 19.99 NOT NULL,
    rating mpaa_rating DEFAULT 'G'::mpaa_rating,
    special_features text[]
);
INSERT INTO film (film_id, title, release_year, language_id, length, rating, special_features)
VALUES (1, 'ACADEMY DINOSAUR', 2006, 1, 86, 'PG', '{"Deleted Scenes","Behind the Scenes"}'),
       (2, 'ACE GOLDFINGER', 2006, 1, 48, 'G', '{Trailers,"Deleted Scenes"}'),
       (3, 'ADAPTATION HOLES', 2006, 1, 50, 'NC-17', '{Trailers}'),
       (4, 'AFFAIR PREJUDICE', 2006, 1, 117, 'G', '{Commentaries}'),
       (5, 'AFRICAN EGG', 2006, 1, 130, 'G', '{"Deleted Scenes"}'),
       (6, 'AGENT TRUMAN', 2006, 1, 169, 'PG', '{"Deleted Scenes"}'),
       (7, 'AIRPLANE SIERRA', 2006, 1, 62, 'PG-13', '{Trailers}'),
       (8, 'AIRPORT POLLOCK', 2006, 1, 54, 'R', '{Trailers}');
INSERT INTO film (film_id, title, language_id) VALUES (9, 'NO RATING GIVEN', 1);
INSERT INTO film (film_id, title, release_year, language_id) VALUES (10, 'TOO OLD', 1900, 1);
INSERT INTO film (film_id, title, language_id, rating) VALUES (10, 'BAD RATING', 1, 'X');
SELECT film_id, title, release_year, rating, special_features FROM film ORDER BY film_id;
SELECT rating, count(*), avg(length)::numeric(6,2) FROM film GROUP BY rating ORDER BY rating;
SELECT title FROM film WHERE rating >= 'PG-13' ORDER BY rating DESC, title;
SELECT title FROM film WHERE rating = ANY ('{G,R}') ORDER BY title;
SELECT count(*) FILTER (WHERE release_year > 2005), max(rating), min(rating) FROM film;
UPDATE film SET rating = 'R', release_year = release_year + 1 WHERE film_id = 2
    RETURNING film_id, rating, release_year;
UPDATE film SET release_year = 2200 WHERE film_id = 3;
SELECT format_type(a.atttypid, a.atttypmod), a.attname FROM pg_attribute a
 WHERE a.attrelid = 'film'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mpaa_rating'::regtype
 ORDER BY enumsortorder;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE contypid = 'year'::regtype;
DROP TABLE film;
DROP DOMAIN year;
DROP TYPE mpaa_rating;
RESET search_path;
DROP SCHEMA regress_pagila CASCADE;
