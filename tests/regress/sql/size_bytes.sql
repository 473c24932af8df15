-- pg_size_bytes (numbers with sign, fraction, exponent; units in any case; what is not
-- a size; bigint overflow) and pg_size_pretty of negative sizes (the same digits as the
-- positive ones: each unit step divides toward zero) and of numeric sizes (bytes keep
-- their fraction). Compared with PostgreSQL 15.
SELECT size, pg_size_pretty(size), pg_size_pretty(-1 * size) FROM
    (VALUES (10::bigint), (10239::bigint), (10240::bigint), (10485247::bigint),
            (10485248::bigint), (10736893951::bigint), (1000000000000::bigint),
            (1000000000000000::bigint), (11258449312612351::bigint)) x(size);
SELECT size, pg_size_pretty(size), pg_size_pretty(-1 * size) FROM
    (VALUES (10.5::numeric), (1000.5::numeric), (10485247::numeric),
            (1000000000000.5::numeric), (11258449312612352::numeric),
            (123456789012345678901234567890::numeric)) x(size);
SELECT size, pg_size_bytes(size) FROM
    (VALUES ('1'), ('123bYteS'), ('1kb'), ('1mb'), (' 1 Gb'), ('1.5 gB '),
            ('1tb'), ('3000 tb'), ('1e6 mb'), ('99 pb'), ('-1.'), ('-.1 kb'),
            ('-10e-1 MB'), ('+5 kB'), (E'\t7\nbytes ')) x(size);
SELECT pg_size_bytes('256 B');
SELECT pg_size_bytes('1 AB A    ');
SELECT pg_size_bytes('1 byte');
SELECT pg_size_bytes('');
SELECT pg_size_bytes('kb');
SELECT pg_size_bytes('-.kb');
SELECT pg_size_bytes('.+912');
SELECT pg_size_bytes('+912+ kB');
SELECT pg_size_bytes('++123 kB');
SELECT pg_size_bytes('0x10');
SELECT pg_size_bytes('nan');
SELECT pg_size_bytes('9223372036854775807.9');
SELECT pg_size_bytes('9223372036854775807.4');
SELECT pg_size_bytes('8192 PB');
SELECT pg_size_bytes('1e100');
SELECT pg_size_bytes('1e1000000000000000000');
SELECT pg_size_bytes(NULL);
