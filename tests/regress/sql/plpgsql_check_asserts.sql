-- compare notices
-- plpgsql.check_asserts = off: ASSERT is skipped, its condition and message not even
-- evaluated; on again, it fails as before.
SET plpgsql.check_asserts = off;
DO $$ BEGIN ASSERT 1 = 0; RAISE NOTICE 'passed'; END $$;
DO $$ BEGIN ASSERT 1 / 0 = 1, 'never %' || (1 / 0); RAISE NOTICE 'passed'; END $$;
SET plpgsql.check_asserts = on;
DO $$ BEGIN ASSERT 1 = 0; END $$;
DO $$ BEGIN ASSERT 1 = 0, 'custom message'; END $$;
RESET plpgsql.check_asserts;
DO $$ BEGIN ASSERT false; END $$;
