CREATE TABLE t_bt (`order` INT, `key` VARCHAR(5));
INSERT INTO t_bt VALUES (1, 'k');
SELECT `order`, `key` FROM t_bt