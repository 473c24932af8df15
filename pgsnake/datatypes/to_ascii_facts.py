"""What to_ascii(text, encoding) writes for each byte from 0x80 to 0xFF, per
encoding it accepts (a 128-character string indexed by byte - 0x80; bytes
UTF-8 text never holds map to themselves), observed on PostgreSQL 15 by
tools/generate_keyword_ascii_facts.py. Generated; do not edit.

PostgreSQL: utils/adt/ascii.c (pg_to_ascii).
"""

TABLES = {'LATIN1': '                                  cL Y  "Ca  -R     \'u .,      ?ÀÁAAAAACEEEEIIII '
           'NOOOOOxOUUUUYTBaaaaaaaceeeeiiii noooõö÷øùúûüýþÿ',
 'LATIN2': '                                 A L LS "SSTZ-ZZ a,l\'ls '
           ',sstz"zzÀÁAAALCCCEEEEIIDDNNOOOOxRUUUUYTBraaaalccceeeeiiddnnooõö÷øùúûüýþÿ',
 'LATIN9': '                                  cL YS sCa  -R     Zu .z   EeY?ÀÁAAAAACEEEEIIII '
           'NOOOOOxOUUUUYTBaaaaaaaceeeeiiii noooõö÷øùúûüýþÿ',
 'WIN1250': '  \' "    %S<STZZ `\'"".--  s>stzz   L A  "CS  -RZ  ,l\'u .,as '
            'L"lzÀÁAAALCCCEEEEIIDDNNOOOOxRUUUUYTBraaaalccceeeeiiddnnooõö÷øùúûüýþÿ'}
