-- A JOIN ... AS alias hides the names of the items inside it, so they do not clash
-- with names outside (checkNameSpaceConflicts runs once each join side or FROM item is
-- complete); two visible items of one name make a qualified reference 42P09.
DROP TABLE IF EXISTS regress_jan_a, regress_jan_b;
CREATE TABLE regress_jan_a (q1 int4, q2 int4);
CREATE TABLE regress_jan_b (f1 int4);
INSERT INTO regress_jan_a VALUES (1, 2), (3, 4);
INSERT INTO regress_jan_b VALUES (1), (3), (5);
SELECT * FROM regress_jan_a x JOIN (regress_jan_b x CROSS JOIN regress_jan_b y) j ON q1 = f1;
SELECT * FROM regress_jan_a x JOIN (regress_jan_b x CROSS JOIN regress_jan_b y) j ON q1 = y.f1;
SELECT * FROM regress_jan_a x JOIN (regress_jan_b x CROSS JOIN regress_jan_b y(ff)) j ON q1 = f1 ORDER BY ff;
SELECT * FROM regress_jan_a x CROSS JOIN (regress_jan_b x CROSS JOIN LATERAL (SELECT x.f1) ss);
SELECT * FROM regress_jan_a x, (regress_jan_b x CROSS JOIN regress_jan_b y) j ORDER BY 1, 3, 4;
SELECT count(*) FROM (regress_jan_a x CROSS JOIN regress_jan_b y) j1, (regress_jan_b x CROSS JOIN regress_jan_b z) j2;
-- real clashes still are
SELECT * FROM regress_jan_a x JOIN regress_jan_b x ON x.q1 = 1;
SELECT * FROM regress_jan_a x, regress_jan_b x;
SELECT * FROM (regress_jan_a x CROSS JOIN regress_jan_b x) j1;
SELECT * FROM regress_jan_a x JOIN (regress_jan_b y CROSS JOIN regress_jan_b z) x ON true;
UPDATE regress_jan_a SET q1 = q1 FROM regress_jan_a WHERE false;
UPDATE regress_jan_a t SET q1 = t.q1 FROM (regress_jan_a t CROSS JOIN regress_jan_b) j WHERE false;
DROP TABLE regress_jan_a, regress_jan_b;
