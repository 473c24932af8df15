-- websearch_to_tsquery: ':' and the tsquery operator characters only separate words; 'or'
-- as an operator only between two operands and not run into a word ('or_x', 'or-x')
select websearch_to_tsquery('simple', 'I have a fat:*ABCD cat');
select websearch_to_tsquery('simple', 'a:::b');
select websearch_to_tsquery('simple', 'abc OR_abc');
select websearch_to_tsquery('simple', 'abc or-abc');
select websearch_to_tsquery('simple', 'abc:d');
select websearch_to_tsquery('simple', 'abc:def');
select websearch_to_tsquery('simple', 'cat OR');
select websearch_to_tsquery('simple', 'fat or ');
select websearch_to_tsquery('simple', 'fat:A : cat:B');
select websearch_to_tsquery('simple', 'fat:A!cat:B|rat:C<');
select websearch_to_tsquery('simple', 'or OR or');
select websearch_to_tsquery('simple', 'orange:**AABBCCDD');
select websearch_to_tsquery('simple', 'cat or or dog'), websearch_to_tsquery('simple', 'or'), websearch_to_tsquery('simple', 'a or -b'), websearch_to_tsquery('english', '"fat:a cat" or rat:*');
