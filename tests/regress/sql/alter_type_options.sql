-- compare notices
-- ALTER TYPE ... SET (STORAGE, SEND, RECEIVE, TYPMOD_IN / OUT, ANALYZE, SUBSCRIPT) on a base
-- type made with varchar's I/O, its array type and a domain over it; CREATE TYPE with
-- RECEIVE / SEND / TYPMOD_IN / TYPMOD_OUT / ELEMENT and their errors
CREATE TYPE myvarchar;

CREATE FUNCTION myvarcharin(cstring, oid, integer) RETURNS myvarchar
LANGUAGE internal IMMUTABLE PARALLEL SAFE STRICT AS 'varcharin';

CREATE FUNCTION myvarcharout(myvarchar) RETURNS cstring
LANGUAGE internal IMMUTABLE PARALLEL SAFE STRICT AS 'varcharout';

CREATE FUNCTION myvarcharsend(myvarchar) RETURNS bytea
LANGUAGE internal STABLE PARALLEL SAFE STRICT AS 'varcharsend';

CREATE FUNCTION myvarcharrecv(internal, oid, integer) RETURNS myvarchar
LANGUAGE internal STABLE PARALLEL SAFE STRICT AS 'varcharrecv';

-- fail, it's still a shell:
ALTER TYPE myvarchar SET (storage = extended);

CREATE TYPE myvarchar (
    input = myvarcharin,
    output = myvarcharout,
    alignment = integer,
    storage = main
);

-- want to check updating of a domain over the target type, too
CREATE DOMAIN myvarchardom AS myvarchar;

ALTER TYPE myvarchar SET (storage = plain);

ALTER TYPE myvarchar SET (storage = extended);

ALTER TYPE myvarchar SET (
    send = myvarcharsend,
    receive = myvarcharrecv,
    typmod_in = varchartypmodin,
    typmod_out = varchartypmodout,
    -- these are bogus, but it's safe as long as we don't use the type:
    analyze = ts_typanalyze,
    subscript = raw_array_subscript_handler
);

SELECT typinput, typoutput, typreceive, typsend, typmodin, typmodout,
       typanalyze, typsubscript, typstorage
FROM pg_type WHERE typname = 'myvarchar';

SELECT typinput, typoutput, typreceive, typsend, typmodin, typmodout,
       typanalyze, typsubscript, typstorage
FROM pg_type WHERE typname = '_myvarchar';

SELECT typinput, typoutput, typreceive, typsend, typmodin, typmodout,
       typanalyze, typsubscript, typstorage
FROM pg_type WHERE typname = 'myvarchardom';

SELECT typinput, typoutput, typreceive, typsend, typmodin, typmodout,
       typanalyze, typsubscript, typstorage
FROM pg_type WHERE typname = '_myvarchardom';

-- ensure dependencies are straight
DROP FUNCTION myvarcharsend(myvarchar);
DROP TYPE myvarchar;

DROP TYPE myvarchar CASCADE;
CREATE TYPE ato_t;
CREATE FUNCTION ato_in(cstring, oid, integer) RETURNS ato_t LANGUAGE internal IMMUTABLE STRICT AS 'varcharin';
CREATE FUNCTION ato_out(ato_t) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'varcharout';
CREATE FUNCTION ato_send(ato_t) RETURNS bytea LANGUAGE internal STABLE STRICT AS 'varcharsend';
CREATE FUNCTION ato_recv(internal, oid, integer) RETURNS ato_t LANGUAGE internal STABLE STRICT AS 'varcharrecv';
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, RECEIVE = ato_out);
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, SEND = ato_in);
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, TYPMOD_IN = varchartypmodout);
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, ANALYZE = ato_in);
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, ELEMENT = int4);
CREATE TYPE ato_t (INPUT = ato_in, OUTPUT = ato_out, RECEIVE = ato_recv, SEND = ato_send,
                   TYPMOD_IN = varchartypmodin, TYPMOD_OUT = varchartypmodout, STORAGE = extended);
SELECT typinput, typoutput, typreceive, typsend, typmodin, typmodout, typanalyze, typsubscript, typstorage
FROM pg_type WHERE typname IN ('ato_t', '_ato_t') ORDER BY typname;
SELECT 'abc'::ato_t, ato_send('abc'), '{x,y}'::ato_t[];
ALTER TYPE ato_t SET (send = NONE, typmod_in = NONE, typmod_out = NONE);
SELECT typreceive, typsend, typmodin, typmodout FROM pg_type WHERE typname IN ('ato_t', '_ato_t') ORDER BY typname;
ALTER TYPE ato_t SET (bogus = 1);
ALTER TYPE ato_t SET (storage = foo);
ALTER TYPE int4 SET (storage = plain);
ALTER TYPE _ato_t SET (storage = plain);
ALTER TYPE no_such_type SET (storage = plain);
DROP TYPE ato_t CASCADE;
