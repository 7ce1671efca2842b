-- LOCATE and INSTR follow the collation: utf8mb4's default collation ignores case
-- https://dev.mysql.com/doc/refman/8.0/en/string-functions.html#function_instr
SELECT LOCATE('BAR', 'foobarbar'), INSTR('foobarbar', 'Bar')