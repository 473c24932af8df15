-- jsonpath .datetime(template): the text read by the template in the standard mode
-- (literal characters must be separators or quoted and must match, the whole text
-- must be read), giving a date, time, timetz, timestamp or timestamptz by the
-- template's patterns; the errors of each rule.
SET TimeZone TO 'UTC';
SELECT jsonb_path_query('"10-03-2017"', '$.datetime("dd-mm-yyyy")'),
       jsonb_path_query('"10-03-2017"', '$.datetime("dd-mm-yyyy").type()');
SELECT jsonb_path_query('"10-03-2017 12:34"', '$.datetime("dd-mm-yyyy HH24:MI")'),
       jsonb_path_query('"10-03-2017 12:34"', '$.datetime("dd-mm-yyyy HH24:MI").type()');
SELECT jsonb_path_query('"10-03-2017 12:34 +05:20"', '$.datetime("dd-mm-yyyy HH24:MI TZH:TZM")'),
       jsonb_path_query('"10-03-2017 12:34 -05"', '$.datetime("dd-mm-yyyy HH24:MI TZH")'),
       jsonb_path_query('"10-03-2017 12:34 +05"', '$.datetime("dd-mm-yyyy HH24:MI TZH").type()');
SELECT jsonb_path_query('"12:34:56"', '$.datetime("HH24:MI:SS")'),
       jsonb_path_query('"12:34:56"', '$.datetime("HH24:MI:SS").type()'),
       jsonb_path_query('"12:34:56 +05:20"', '$.datetime("HH24:MI:SS TZH:TZM")'),
       jsonb_path_query('"12:34:56 +05:20"', '$.datetime("HH24:MI:SS TZH:TZM").type()');
SELECT jsonb_path_query('"10-03-2017T12:34:56"', '$.datetime("dd-mm-yyyy\"T\"HH24:MI:SS")');
SELECT jsonb_path_query('"2017-03-10 01:02:03.456"', '$.datetime("yyyy-mm-dd HH24:MI:SS.MS")'),
       jsonb_path_query('"03/10/17 1:02 pm"', '$.datetime("mm/dd/yy HH12:MI am")');
SELECT jsonb_path_query('"10-03-2017t12:34:56"', '$.datetime("dd-mm-yyyy\"T\"HH24:MI:SS")');
SELECT jsonb_path_query('"10-03-2017 12:34:56"', '$.datetime("dd-mm-yyyy\"T\"HH24:MI:SS")');
SELECT jsonb_path_query('"12:34"', '$.datetime("aaa")');
SELECT jsonb_path_query('"aaaa"', '$.datetime("HH24")');
SELECT jsonb_path_query('"10-03-2017 12:34"', '$.datetime("dd-mm-yyyy")');
SELECT jsonb_path_query('"10-03-2017 12:34"', '$.datetime("dd-mm-yyyy HH24:MI TZH")');
SELECT jsonb_path_query('"10-03-2017  "', '$.datetime("dd-mm-yyyy")');
SELECT jsonb_path_query('"32-03-2017"', '$.datetime("dd-mm-yyyy")');
SELECT jsonb '"10-03-2017"' @? '$.datetime("dd-mm-yyyy")',
       jsonb '"10-03-2017 12:34"' @? '$.datetime("dd-mm-yyyy")';
SELECT jsonb_path_query_array('["10-03-2017", "11-03-2017"]',
       '$[*].datetime("dd-mm-yyyy") ? (@ > "10-03-2017".datetime("dd-mm-yyyy"))');
RESET TimeZone;
