-- "the day is adjusted to the maximum days in the new month"
-- https://dev.mysql.com/doc/refman/8.0/en/date-and-time-functions.html#function_date-add
SELECT DATE_ADD('2009-01-30', INTERVAL 1 MONTH), DATE_ADD('2018-05-01', INTERVAL 1 DAY)