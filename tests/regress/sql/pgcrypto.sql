-- pgcrypto 1.3: members, hashes, crypt / gen_salt, raw ciphers, OpenPGP symmetric
-- messages made by PostgreSQL 15 and by the server under test, armor; and the errors.
-- Random outputs are shown through their shape or a round trip.
DROP EXTENSION IF EXISTS pgcrypto;
SELECT digest('abc', 'sha256');
CREATE EXTENSION pgcrypto;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, p.proretset, pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'pgcrypto' ORDER BY p.oid::regprocedure::text;
-- digests and HMACs
SELECT digest('abc', 'md5'), digest('abc', 'sha1'), digest('abc'::bytea, 'SHA224');
SELECT digest('abc', 'sha256'), digest('', 'sha-256'), digest('abc', 'sha384');
SELECT digest('abc', 'sha512'), digest('abc', 'sha3-256'), digest('abc', 'ripemd160');
SELECT hmac('what do ya want for nothing?', 'Jefe', 'md5'), hmac('data'::bytea, 'key'::bytea, 'sha1');
SELECT hmac('data', 'key', 'sha256'), hmac('data', repeat('k', 200), 'sha512');
SELECT digest(NULL::text, 'md5'), hmac('a', NULL, 'md5');
SELECT digest('abc', 'foo');
SELECT hmac('abc', 'k', 'nope');
-- random bytes
SELECT length(gen_random_bytes(1)), length(gen_random_bytes(1024)), gen_random_bytes(16) <> gen_random_bytes(16);
SELECT gen_random_bytes(0);
SELECT gen_random_bytes(1025);
SELECT public.gen_random_uuid()::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
-- crypt with fixed salts of each algorithm, and verification
SELECT crypt('password', '$2a$06$abcdefghijklmnopqrstuv'), crypt('password', '$2a$04$0123456789012345678901');
SELECT crypt('password', '$1$abcdefgh'), crypt('password', '$1$ab'), crypt('', '$1$xyz');
SELECT crypt('password', 'ab'), crypt('longerpassword', 'Zz'), crypt('password', '_J9..abcd'), crypt('password', '_/...wxyz');
SELECT crypt('password', crypt('password', '$2a$05$ABCDEFGHIJKLMNOPQRSTUV')) = crypt('password', '$2a$05$ABCDEFGHIJKLMNOPQRSTUV');
SELECT crypt('wrong', '$1$abcdefgh$eqTk4zK4W2gtnm6N.OGkp.') = '$1$abcdefgh$eqTk4zK4W2gtnm6N.OGkp.';
SELECT crypt('x', '$2b$06$abcdefghijklmnopqrstuv'), crypt('x', '$5$abc'), crypt('x', 'a$'), crypt('x', '_J9..ab$d'), crypt('x', '{}'), crypt('x', 'é1'), crypt('x', '_J9..abcdefgh'), crypt('x', '$2x$04$abcdefghijklmnopqrstuv');
SELECT crypt('x', '$2$06$abcdefghijklmnopqrstuv');
SELECT crypt('x', '_J9..');
SELECT crypt('password', '');
SELECT crypt('password', 'x');
SELECT crypt('password', '$2a$');
-- gen_salt: formats and rounds
SELECT gen_salt('bf') ~ '^\$2a\$06\$[./A-Za-z0-9]{22}$', gen_salt('BF', 4) ~ '^\$2a\$04\$', gen_salt('bf', 31) ~ '^\$2a\$31\$';
SELECT gen_salt('md5') ~ '^\$1\$[./0-9A-Za-z]{8}$', gen_salt('des') ~ '^[./0-9A-Za-z]{2}$', gen_salt('xdes') ~ '^_J9\.\.[./0-9A-Za-z]{4}$', gen_salt('xdes', 1001) ~ '^_dD\.\.';
SELECT length(crypt('pw', gen_salt('bf', 4))), length(crypt('pw', gen_salt('md5'))), length(crypt('pw', gen_salt('xdes'))), length(crypt('pw', gen_salt('des')));
SELECT gen_salt('foo');
SELECT gen_salt('bf', 3);
SELECT gen_salt('bf', 32);
SELECT gen_salt('md5', 5);
SELECT gen_salt('xdes', 1000);
SELECT gen_salt('des', 1);
-- raw ciphers
SELECT encrypt('abc', 'key', 'aes'), encrypt('abc', 'key', 'aes-ecb'), encrypt('abc', 'key', 'aes-cbc/pad:pkcs');
SELECT encrypt('abcdefghijklmnop', 'key', 'aes-ecb/pad:none'), encrypt('abc', '0123456789abcdef0123', 'aes'), encrypt('abc', repeat('k', 40)::bytea, 'aes');
SELECT encrypt_iv('abc', 'key', 'iv', 'aes-cbc'), encrypt('abc', 'key', '3des'), encrypt_iv('abcdefgh', 'k', '12345678', '3des-cbc/pad:none');
SELECT convert_from(decrypt(encrypt('hello world', 'key', 'aes'), 'key', 'aes'), 'utf8'), decrypt_iv(encrypt_iv('x', 'k', 'v', 'aes'), 'k', 'v', 'aes');
SELECT decrypt('\x4649e8618af65b2b50aa73ec9cfc102c', 'key', 'aes-ecb/pad:none'), decrypt(encrypt('', 'k', '3des'), 'k', '3des');
SELECT encrypt('abc', 'key', 'foo');
SELECT encrypt('abc', 'key', 'aes-foo');
SELECT encrypt('abc', 'key', 'aes/pad:foo');
SELECT encrypt('abc', 'key', 'bf');
SELECT encrypt('abc', 'key', 'aes-ecb/pad:none');
SELECT decrypt('abc', 'key', 'aes');
SELECT decrypt(encrypt('abc', 'key', 'aes'), 'other key', 'aes');
-- OpenPGP: messages PostgreSQL 15 made (aes128; aes256 + zip + session key; tag 9 with s2k-mode 1)
SELECT pgp_sym_decrypt(decode('c30d0407030262cc017e576bc3157fd23c010f49b2ffa7e7c2951701407b752661c8a79998539787eb62ff3df7853dd331aef2664cc929d01208b9c2793d87b3f34e7ed51793cad292f374476f', 'hex'), 'pw');
SELECT pgp_sym_decrypt(decode('c32e040903021a65fc49bfbcd3c673579f04ee94e030d830dca4144d760f3c936d0c1f41cf88bcdac8603ed369b5ecb4d23f018fbf0c299beee17622bb48d869709f080f4edc8cd1cde7614c286c71af76b56dc8d817971efdda2211ef98411f488d25dc86eca91cddf9c5b81ec10c9943', 'hex'), 'pw');
SELECT pgp_sym_decrypt_bytea(decode('c30c0407010271e97cb65fe1ce3ac91c4c71f924ab98e77e79c796144f2c6058b23c41c71461479ea105bd80', 'hex'), 'pw');
SELECT pgp_sym_decrypt(dearmor(E'-----BEGIN PGP MESSAGE-----\n\nww0EBwMC1+MKQC9XpIZp0kMBgFb6zqStfigCyIRe0Dwk5oII1oEkeBczo1B7Dmri7Mf5UzaxlN1y\nG1cH3fEzKhvdR5epK0JNjhTkASimthzMSdtj\n=5dbD\n-----END PGP MESSAGE-----\n'), 'pw');
SELECT pgp_sym_decrypt(decode('c30d0407030262cc017e576bc3157fd23c010f49b2ffa7e7c2951701407b752661c8a79998539787eb62ff3df7853dd331aef2664cc929d01208b9c2793d87b3f34e7ed51793cad292f374476f', 'hex'), 'wrong');
-- messages GnuPG 2.2 made: text with a NUL byte, bzip2 compression, zlib + aes256 + SHA-256 S2K
SELECT pgp_sym_decrypt(dearmor(E'-----BEGIN PGP MESSAGE-----\n\njA0EBwMCHAUvT/2epZ//0jgBImZ2b9BcpBb+CdRSKOp66PxpAHagjsv7e2+yCiTz\nFOCymSYyRp7l0lXkTRNlIKdaqq5GhQWpJg==\n=Xjfd\n-----END PGP MESSAGE-----\n'), 'key');
SELECT pgp_sym_decrypt_bytea(dearmor(E'-----BEGIN PGP MESSAGE-----\n\njA0EBwMCHAUvT/2epZ//0jgBImZ2b9BcpBb+CdRSKOp66PxpAHagjsv7e2+yCiTz\nFOCymSYyRp7l0lXkTRNlIKdaqq5GhQWpJg==\n=Xjfd\n-----END PGP MESSAGE-----\n'), 'key');
SELECT pgp_sym_decrypt(dearmor(E'-----BEGIN PGP MESSAGE-----\n\njA0EBwMCNfeY65nQfOP/0mEBVbLd0CUUoLv2WUYPjzK7ip0+mbgfqtoomPkco32c\ngjDBdfIvQhcdC+2dqcDYpW54Ziqbop59/6QiZOO7yg22/KsdY2MMxeAjm5PytVMT\nXW0/7omiyDUzZrgyWZV7O4qr\n=6uqm\n-----END PGP MESSAGE-----\n'), 'key');
SELECT pgp_sym_decrypt(dearmor(E'-----BEGIN PGP MESSAGE-----\n\njA0ECQMIOlZbMJDwkt7/0kwBHbisDRIwNCFaODWWUQUIK+y1sO7PgW8N5dupUkRc\nOZt/CCXeG7rpFZgbaUHzK1UYcszGXRNACO1J6Ul3DIiZM/ZKGiPUFfOCjUiW\n=yWFD\n-----END PGP MESSAGE-----\n'), 'key'), pgp_key_id(dearmor(E'-----BEGIN PGP MESSAGE-----\n\njA0ECQMIOlZbMJDwkt7/0kwBHbisDRIwNCFaODWWUQUIK+y1sO7PgW8N5dupUkRc\nOZt/CCXeG7rpFZgbaUHzK1UYcszGXRNACO1J6Ul3DIiZM/ZKGiPUFfOCjUiW\n=yWFD\n-----END PGP MESSAGE-----\n'));
SELECT pgp_sym_decrypt(pgp_sym_encrypt_bytea('\xc328', 'k', 'unicode-mode=1'), 'k');
-- round trips through this server's own messages, with options
SELECT pgp_sym_decrypt(pgp_sym_encrypt('hello', 'pw'), 'pw'), pgp_sym_decrypt(pgp_sym_encrypt('', 'pw'), 'pw') = '';
SELECT o, pgp_sym_decrypt(pgp_sym_encrypt(repeat('data ', 3000), 'pw', o), 'pw') = repeat('data ', 3000) FROM (VALUES ('cipher-algo=aes192'), ('cipher-algo=aes256, compress-algo=2, compress-level=9'), ('cipher-algo=3des'), ('compress-algo=1'), ('sess-key=1'), ('sess-key=1, s2k-cipher-algo=aes256'), ('disable-mdc=1'), ('s2k-mode=0'), ('s2k-mode=1, s2k-digest-algo=md5'), ('s2k-count=1024'), ('unicode-mode=1')) v(o) ORDER BY 1;
SELECT pgp_sym_decrypt_bytea(pgp_sym_encrypt_bytea('\x00ff10', 'pw'), 'pw'), pgp_sym_decrypt_bytea(pgp_sym_encrypt('text', 'pw'), 'pw');
SELECT pgp_sym_decrypt(pgp_sym_encrypt(E'a\nb', 'k', 'convert-crlf=1'), 'k', 'convert-crlf=1') = E'a\nb', pgp_sym_decrypt(pgp_sym_encrypt(E'a\nb', 'k', 'convert-crlf=1'), 'k') = E'a\r\nb';
SELECT pgp_sym_decrypt_bytea(pgp_sym_encrypt(E'a\nb', 'k', 'convert-crlf=1'), 'k', 'convert-crlf=1');
SELECT substr(pgp_sym_encrypt('x', 'pw', 'cipher-algo=aes256, s2k-digest-algo=md5'), 1, 4), length(pgp_sym_encrypt('abc', 'pw')), pgp_key_id(pgp_sym_encrypt('abc', 'key'));
SELECT pgp_sym_decrypt(pgp_sym_encrypt_bytea('abc', 'pw'), 'pw');
SELECT pgp_sym_decrypt('abc', 'key');
SELECT pgp_sym_encrypt('abc', 'key', 'foo=1');
SELECT pgp_sym_encrypt('abc', 'key', 'cipher-algo=nope');
SELECT pgp_sym_encrypt('abc', 'key', 's2k-count=100');
SELECT pgp_sym_encrypt('abc', 'key', 'compress-algo=7');
SELECT pgp_sym_encrypt('abc', 'key', 's2k-mode=2');
SELECT pgp_sym_encrypt('abc', 'key', 's2k-digest-algo=foo');
SELECT pgp_key_id('abc');
SELECT pgp_key_id(''::bytea);
-- armor
SELECT armor('abc'), armor(''), armor(decode(repeat('ab', 100), 'hex'));
SELECT armor('abc', ARRAY['a', 'b'], ARRAY['x', 'y']);
SELECT * FROM pgp_armor_headers(armor('abc', ARRAY['Comment', 'Version'], ARRAY['made here', '1'])) ORDER BY 1;
SELECT dearmor(armor('\x0001020304'::bytea)), dearmor(armor(decode(repeat('ab', 100), 'hex'))) = decode(repeat('ab', 100), 'hex');
SELECT dearmor(E'text before\n  -----BEGIN PGP MESSAGE-----\n\nd3Jvbmc=\n=vCYP\n  -----END PGP MESSAGE-----\n-----BEGIN PGP MESSAGE-----\nComment: x\n\nem9v\n\n  YWE=\n  =D5cR\n-----END PGP MESSAGE-----\ntrailing');
SELECT * FROM pgp_armor_headers(E'-----BEGIN PGP MESSAGE-----\nk: v\ninsane:key : text\nempty: \n\nnot base64 !\n=ZZZZ\n-----END PGP MESSAGE-----\n');
SELECT * FROM pgp_armor_headers(E'-----BEGIN PGP MESSAGE-----\nfoo:\n\nem9va2E=\n-----END PGP MESSAGE-----\n');
SELECT armor('', ARRAY['a'], ARRAY['x', 'y']);
SELECT armor('', ARRAY[['a']], ARRAY['x']);
SELECT armor('', ARRAY[NULL], ARRAY['x']);
SELECT armor('', ARRAY['a'], ARRAY[NULL]);
SELECT armor('', ARRAY[E'a\nb'], ARRAY['x']);
SELECT armor('', ARRAY['a'], ARRAY[E'x\ny']);
SELECT armor('', ARRAY['a: b'], ARRAY['x']);
SELECT armor('', '[0:0]={"k"}', ARRAY['v']);
SELECT dearmor('junk');
SELECT dearmor(E'-----BEGIN PGP MESSAGE-----\n\nYWJj\n=uhx8\n-----END PGP MESSAGE-----\n');
DROP EXTENSION pgcrypto;
SELECT crypt('a', 'ab');
-- who may create it: a trusted extension needs CREATE on the database, others a superuser
DROP ROLE IF EXISTS regress_pgcrypto_user;
CREATE ROLE regress_pgcrypto_user;
SET ROLE regress_pgcrypto_user;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION pageinspect;
RESET ROLE;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_pgcrypto_user', current_database()); END $$;
SET ROLE regress_pgcrypto_user;
CREATE EXTENSION pageinspect;
CREATE EXTENSION pgcrypto;
SELECT extname, extowner::regrole FROM pg_extension WHERE extname = 'pgcrypto';
SELECT encode(digest('abc', 'sha1'), 'hex');
DROP EXTENSION pgcrypto;
RESET ROLE;
DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_pgcrypto_user', current_database()); END $$;
DROP ROLE regress_pgcrypto_user;
