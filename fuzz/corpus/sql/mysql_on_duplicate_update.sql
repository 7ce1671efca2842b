INSERT INTO item (id, name, qty) VALUES (1, 'apple', 7) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty);
SELECT qty FROM item WHERE id = 1