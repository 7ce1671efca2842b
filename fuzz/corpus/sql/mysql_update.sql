UPDATE item SET price = price * 2 WHERE cat = 'fruit';
SELECT SUM(price) FROM item WHERE cat = 'fruit'