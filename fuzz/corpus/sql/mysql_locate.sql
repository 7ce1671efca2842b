-- https://dev.mysql.com/doc/refman/8.0/en/string-functions.html#function_locate
SELECT LOCATE('bar', 'foobarbar'), LOCATE('xbar', 'foobar'), LOCATE('bar', 'foobarbar', 5)