-- Half of each page left free: a batch of events updates many cylinders that lie on the same page (a line scans a
-- run of codes), and every one of those updates is HOT (no index entries, on the same page) only while the page has
-- room for the new versions of all its rows; at 90 only the first few rows of a page found room (measured: about one
-- update in ten was HOT), the rest wrote a new entry into each of the table's six indexes. Costs table size (about
-- twice the pages). Pages written before keep their old filling until rewritten (VACUUM FULL or CLUSTER).
ALTER TABLE "cylinders" SET (fillfactor = 50);
