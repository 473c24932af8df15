-- Special words together in date / timestamp input: two of epoch / infinity / -infinity
-- (or of today / tomorrow / yesterday) conflict; the last one wins over other fields.
SELECT date 'epoch infinity';
SELECT date 'infinity infinity';
SELECT date 'infinity epoch';
SELECT date '-infinity infinity';
SELECT timestamp '-infinity infinity';
SELECT timestamptz 'infinity -infinity';
SELECT date '1995-08-06 infinity epoch';
SELECT date 'tomorrow today';
SELECT date 'epoch epoch';
SELECT date '1995-08-06 epoch', date 'now infinity', timestamp '1995-08-06 12:00 -infinity';
