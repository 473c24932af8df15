-- RAISE with a format string and USING MESSAGE, or a condition name and USING
-- ERRCODE, gives the option twice (42601); an ERRCODE without a
-- message is the message, as written.
-- compare notices
DO $$ BEGIN RAISE NOTICE 'some message' USING message = 'custom', errcode = '22012'; END $$;
DO $$ BEGIN RAISE division_by_zero USING message = 'custom', errcode = '22012'; END $$;
DO $$ BEGIN RAISE 'msg' USING detail = 'a', detail = 'b'; END $$;
DO $$ BEGIN RAISE NOTICE USING message = 'only the option'; END $$;
DO $$ BEGIN RAISE division_by_zero USING message = 'with a condition'; END $$;
DO $$ BEGIN RAISE USING errcode = '22012'; END $$;
DO $$ BEGIN RAISE USING errcode = 'division_by_zero'; END $$;
DO $$ BEGIN RAISE USING detail = 'x'; END $$;
DO $$ BEGIN RAISE NOTICE 'note %', 1 USING hint = 'a hint'; END $$;
