INSERT INTO item (id, name, qty) VALUES (9, 'kiwi', 3) ON DUPLICATE KEY UPDATE qty = 0;
SELECT name, qty FROM item WHERE id = 9