INSERT IGNORE INTO item (id, name) VALUES (1, 'dup');
SELECT name FROM item WHERE id = 1