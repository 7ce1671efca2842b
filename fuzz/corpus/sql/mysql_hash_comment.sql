SELECT 1 # comment
 + 1