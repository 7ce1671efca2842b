-- https://dev.mysql.com/doc/refman/8.0/en/mathematical-functions.html#function_truncate
SELECT TRUNCATE(1.223, 1), TRUNCATE(1.999, 1), TRUNCATE(1.999, 0), TRUNCATE(-1.999, 1), TRUNCATE(122, -2)