-- to_timestamp / to_date outside FX mode: blanks skipped at the start, before and after
-- fields; template spaces and separators taking one blank or separator each; plain
-- template characters; a TZH sign taken for a separator; negative years and BC
SELECT to_date('-44-02-01','YYYY-MM-DD'), to_date('-44-02-01 BC','YYYY-MM-DD BC'), to_date('44-02-01 BC','YYYY-MM-DD BC'), to_date('-1-02-01','YYYY-MM-DD'), to_date('0-02-01','YYYY-MM-DD'), to_date('0000-02-01 BC','YYYY-MM-DD BC');
select to_timestamp('2000 -10', 'YYYY TZH'), to_timestamp('2000 -00:20', 'YYYY TZH:TZM'), to_timestamp('2000-10', 'YYYY TZH'), to_timestamp('2000 - 10', 'YYYY TZH');
select to_timestamp('2011-12-18 11:38 -05:20', 'YYYY-MM-DD HH12:MI TZH:TZM'), to_timestamp('2011-12-18 11:38 +05:20', 'YYYY-MM-DD HH12:MI TZH:TZM'), to_timestamp('2011-12-18 11:38 05:20', 'YYYY-MM-DD HH12:MI TZH:TZM'), to_timestamp('2011-12-18 11:38 -00:20', 'YYYY-MM-DD HH12:MI TZH:TZM'), to_timestamp('2011-12-18 11:38 -05', 'YYYY-MM-DD HH12:MI TZH');
SELECT to_timestamp('2000 + JUN', 'YYYY MON'), to_timestamp('  2000 +JUN', 'YYYY/MON'), to_timestamp('2000  +JUN', 'YYYY//MON'), to_timestamp('2000 ++ JUN', 'YYYY  MON'), to_timestamp('2000 + + JUN', 'YYYY   MON');
SELECT to_date('2011x 12x 18', 'YYYYxMMxDD'), to_date('2011x12x18', 'YYYYxMMxDD');
select to_date('2011 x12x18', 'YYYYxMMxDD');
select to_timestamp('2000 + JUN', 'YYYYMON');
select to_timestamp('97/Feb/16 --> 08:14:30', 'YYYY/Mon/DD --> HH:MI:SS'), to_timestamp('2011$03!18 23_38_15', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp('  20050302', 'YYYYMMDD'), to_timestamp('Fri 1-Jan-1999', 'DY DD MON YYYY');
select to_timestamp('05121445482000', 'MMDDHH24MISSYYYY'), to_timestamp(' 2005 03 02', 'YYYYMMDD'), to_timestamp('2005 03 02 ', 'FXYYYY MM DD');
