"""Facts about the regular-expression operators and functions, read from
PostgreSQL 15's catalogs by tools/generate_regex_facts.py.

Generated; do not edit. Rows are plain tuples:
    OPERATORS   (oid, oprname, oprleft, oprright, oprresult, oprcode)
    PROCS       (oid, proname, argtypes, rettype, strict, volatile, prosrc,
                 retset, rows)

PostgreSQL: include/catalog/pg_operator.dat, pg_proc.dat.
"""

OPERATORS = (
    (639, '~', 19, 25, 16, 'nameregexeq'),
    (640, '!~', 19, 25, 16, 'nameregexne'),
    (641, '~', 25, 25, 16, 'textregexeq'),
    (642, '!~', 25, 25, 16, 'textregexne'),
    (1055, '~', 1042, 25, 16, 'bpcharregexeq'),
    (1056, '!~', 1042, 25, 16, 'bpcharregexne'),
    (1226, '~*', 19, 25, 16, 'nameicregexeq'),
    (1227, '!~*', 19, 25, 16, 'nameicregexne'),
    (1228, '~*', 25, 25, 16, 'texticregexeq'),
    (1229, '!~*', 25, 25, 16, 'texticregexne'),
    (1234, '~*', 1042, 25, 16, 'bpcharicregexeq'),
    (1235, '!~*', 1042, 25, 16, 'bpcharicregexne'),
)

PROCS = (
    (1623, 'similar_escape', (25, 25), 25, False, 'i', 'similar_escape', False, 0.0),
    (1986, 'similar_to_escape', (25, 25), 25, True, 'i', 'similar_to_escape_2', False, 0.0),
    (1987, 'similar_to_escape', (25,), 25, True, 'i', 'similar_to_escape_1', False, 0.0),
    (2073, 'substring', (25, 25), 25, True, 'i', 'textregexsubstr', False, 0.0),
    (2074, 'substring', (25, 25, 25), 25, True, 'i', '', False, 0.0),
    (2284, 'regexp_replace', (25, 25, 25), 25, True, 'i', 'textregexreplace_noopt', False, 0.0),
    (2285, 'regexp_replace', (25, 25, 25, 25), 25, True, 'i', 'textregexreplace', False, 0.0),
    (2763, 'regexp_matches', (25, 25), 1009, True, 'i', 'regexp_matches_no_flags', True, 1.0),
    (2764, 'regexp_matches', (25, 25, 25), 1009, True, 'i', 'regexp_matches', True, 10.0),
    (2765, 'regexp_split_to_table', (25, 25), 25, True, 'i', 'regexp_split_to_table_no_flags', True, 1000.0),
    (2766, 'regexp_split_to_table', (25, 25, 25), 25, True, 'i', 'regexp_split_to_table', True, 1000.0),
    (2767, 'regexp_split_to_array', (25, 25), 1009, True, 'i', 'regexp_split_to_array_no_flags', False, 0.0),
    (2768, 'regexp_split_to_array', (25, 25, 25), 1009, True, 'i', 'regexp_split_to_array', False, 0.0),
    (3396, 'regexp_match', (25, 25), 1009, True, 'i', 'regexp_match_no_flags', False, 0.0),
    (3397, 'regexp_match', (25, 25, 25), 1009, True, 'i', 'regexp_match', False, 0.0),
    (6251, 'regexp_replace', (25, 25, 25, 23, 23, 25), 25, True, 'i', 'textregexreplace_extended', False, 0.0),
    (6252, 'regexp_replace', (25, 25, 25, 23, 23), 25, True, 'i', 'textregexreplace_extended_no_flags', False, 0.0),
    (6253, 'regexp_replace', (25, 25, 25, 23), 25, True, 'i', 'textregexreplace_extended_no_n', False, 0.0),
    (6254, 'regexp_count', (25, 25), 23, True, 'i', 'regexp_count_no_start', False, 0.0),
    (6255, 'regexp_count', (25, 25, 23), 23, True, 'i', 'regexp_count_no_flags', False, 0.0),
    (6256, 'regexp_count', (25, 25, 23, 25), 23, True, 'i', 'regexp_count', False, 0.0),
    (6257, 'regexp_instr', (25, 25), 23, True, 'i', 'regexp_instr_no_start', False, 0.0),
    (6258, 'regexp_instr', (25, 25, 23), 23, True, 'i', 'regexp_instr_no_n', False, 0.0),
    (6259, 'regexp_instr', (25, 25, 23, 23), 23, True, 'i', 'regexp_instr_no_endoption', False, 0.0),
    (6260, 'regexp_instr', (25, 25, 23, 23, 23), 23, True, 'i', 'regexp_instr_no_flags', False, 0.0),
    (6261, 'regexp_instr', (25, 25, 23, 23, 23, 25), 23, True, 'i', 'regexp_instr_no_subexpr', False, 0.0),
    (6262, 'regexp_instr', (25, 25, 23, 23, 23, 25, 23), 23, True, 'i', 'regexp_instr', False, 0.0),
    (6263, 'regexp_like', (25, 25), 16, True, 'i', 'regexp_like_no_flags', False, 0.0),
    (6264, 'regexp_like', (25, 25, 25), 16, True, 'i', 'regexp_like', False, 0.0),
    (6265, 'regexp_substr', (25, 25), 25, True, 'i', 'regexp_substr_no_start', False, 0.0),
    (6266, 'regexp_substr', (25, 25, 23), 25, True, 'i', 'regexp_substr_no_n', False, 0.0),
    (6267, 'regexp_substr', (25, 25, 23, 23), 25, True, 'i', 'regexp_substr_no_flags', False, 0.0),
    (6268, 'regexp_substr', (25, 25, 23, 23, 25), 25, True, 'i', 'regexp_substr_no_subexpr', False, 0.0),
    (6269, 'regexp_substr', (25, 25, 23, 23, 25, 23), 25, True, 'i', 'regexp_substr', False, 0.0),
)
